"""The DPO's work, timed at three register sizes (issue 9). Not a unit test: run it apart.

    python tests/bench/bench.py [--sizes 10000,100000,1000000] [--runs 5] [--out bench-results]
                                [--readme] [--skip import,browser,...] [--data DIR] [--browser-runs K]

For each size N it builds a demo register of N contacts and 10 N web visits, then measures
the median of --runs runs after one warm-up run:
  import       `import_file` of an N-row CSV into a fresh register, and DuckDB's own
               read_csv of the same file (the floor), with their ratio (1 run at 1M)
  sar          the Art. 15 access report PDF for one person (with an IP to match)
  notice       the Finnish privacy notice PDF
  quarter      the quarterly overview PDF
  cli          whole `kp` processes, as the DPO starts them (issue 18 §5): `kp --help`, `kp sar EMAIL
               --ip IP` (the PDF; each run records its audit event) and `kp notice` (the Finnish PDF),
               each with its CPU time, and sar and notice beyond `kp --help`; kpcore byte-compiled
               as an installed kp is (and, apart, the CPU time without, as under PYTHONDONTWRITEBYTECODE)
  views        each dashboard view's script run (AppTest), cold: caches cleared each run
  browser      first page load of the dashboard in Debian's Chromium, and the peak memory
               (VmHWM) of the dashboard process after every view was visited
  tasks        the request page (AppTest of the requests view, cold) of a request with ten tasks
  mailbox      once, at the first size: the IMAP connector's search for one person in a
               100,000-message Maildir served by a real Dovecot (tests/dovecot.py), the first
               search (Dovecot builds its index and header cache) and then warm
--data DIR keeps each built register in DIR and reuses it next time (the 1M build takes minutes);
--browser-runs K repeats the browser measurement K times, each with a fresh dashboard on the same
register, and reports the medians of the times and of each run's own ratios to the overview.
It prints a table, writes OUT/bench.json, and with --readme rewrites the table in README.md.
Figures on a shared 2-core machine are noisy: compare ratios between sizes, not single runs.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kpcore import db, demo  # noqa: E402

import logging  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest outside a server warns on every run

TARGETS = {  # at 1,000,000 contacts and 10,000,000 visits (issue 9); #12: mailbox and request page
    "import": 30.0, "sar": 0.5, "notice": 0.5, "quarter": 3.0, "view": 1.0, "memory_mib": 1024.0,
    "mailbox": 2.0, "request_page": 0.5,
}


def bench_request_page(reg: db.Register, runs: int) -> dict:
    """The request page of a request with ten tasks: the demo's systems plus manual ones to make ten."""
    import streamlit  # noqa: F401

    from conftest import app_test
    from kpcore import requests as reqs
    from kpcore import systems, tasks

    with reg.read() as q:
        have = len(systems.list_systems(q))
        email = q.sql("SELECT c.email FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id "
                      "WHERE cp.purpose = 'expert_admin' ORDER BY c.id LIMIT 1").fetchall()[0][0]
    for i in range(max(0, 10 - have)):
        systems.add(reg, "bench", {"name": f"Tiedostojako {i + 1}", "kind": "file_share",
                                   "instructions_fi": "Hae kansiosta henkilön nimellä."}, purposes=["expert_admin"])
    r = reqs.add(reg, "bench", type="access", email=email, ip="10.0.0.1")
    with reg.read() as q:
        n = len(tasks.for_request(q, r["id"]))

    def one():
        import streamlit as st

        st.cache_data.clear()
        at = app_test("requests", reg.path, lang="fi")
        at.query_params["request"] = str(r["id"])
        at.run(timeout=120)
        assert not at.exception, [e.value for e in at.exception]
    cpu = []

    def timed():
        c0 = time.process_time()
        one()
        cpu.append(time.process_time() - c0)
    wall = median_time(timed, runs)
    # CPU time of this process (the script run is in-process): what the page costs, whatever else
    # the shared machine is running.
    return {"request_page_s": wall, "request_page_cpu_s": statistics.median(cpu[1:] or cpu), "request_page_tasks": n}


def bench_mailbox(runs: int, messages: int = 100_000) -> dict:
    """The IMAP connector's search for one person in a mailbox of `messages` messages (real Dovecot)."""
    import datetime as dt

    import dovecot
    from kpcore import connectors

    if not dovecot.available():
        return {}
    srv = dovecot.DovecotServer(base="/dev/shm" if Path("/dev/shm").is_dir() else None)
    person = "liisa.makela@tampere.fi"
    t0 = time.perf_counter()
    base = srv.message(subject="Viikkoraportti", sender="matti.virtanen@hel.fi", to="myynti@kuntaplus.fi")
    hits = 0

    def gen():
        nonlocal hits
        for i in range(messages):
            if i % 5000 == 17:  # twenty of them concern the person
                hits += 1
                yield base.replace(b"From: matti.virtanen@hel.fi", f"From: Liisa <{person}>".encode())
            else:
                yield base.replace(b"Viikkoraportti", f"Viikkoraportti {i}".encode())
    folders = {"INBOX": messages * 6 // 10, "Lähetetyt": messages * 3 // 10, "Arkisto": messages - messages * 9 // 10}
    it = gen()
    try:
        for folder, n in folders.items():
            srv.add_many(folder, (next(it) for _ in range(n)))
        build_s = time.perf_counter() - t0
        srv.start()
        os.environ["KP_SYSTEM_1_PASSWORD"] = dovecot.PASSWORD
        system = {"id": 1, "name": "bench", "connector": "imap", "allow_delete": False, "settings": srv.settings()}
        conn = connectors.for_system(system, connectors.Context(Path(srv.root) / "none.duckdb"))
        who = connectors.Person(emails=(person,))
        cpu0 = _server_cpu(srv.proc.pid)
        t0 = time.perf_counter()
        res = conn.search(who)
        cold = time.perf_counter() - t0
        cold_cpu = _server_cpu(srv.proc.pid) - cpu0
        assert res.count == hits, (res.count, hits)
        walls, cpus = [], []
        for _ in range(runs):
            cpu0, t0 = _server_cpu(srv.proc.pid), time.perf_counter()
            conn.search(who)
            walls.append(time.perf_counter() - t0)
            cpus.append(_server_cpu(srv.proc.pid) - cpu0 + 0.0)
    finally:
        srv.stop()
    return {"mailbox_messages": messages, "mailbox_build_s": build_s, "mailbox_cold_s": cold,
            "mailbox_warm_s": statistics.median(walls), "mailbox_cold_cpu_s": cold_cpu,
            "mailbox_warm_cpu_s": statistics.median(cpus), "mailbox_hits": hits}


def _server_cpu(master_pid: int) -> float:
    """CPU seconds (user + system) used so far by the Dovecot processes under `master_pid`: what the
    search costs the server, whatever else the shared machine is running (wall time is not).
    Each connector search logs in anew, so the imap process of a finished search is gone: the
    master's reaped-children counters (cutime, cstime) hold it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()
        pid = int(stat.parent.name)
        if pid == master_pid:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: children reaped
        elif int(fields[1]) == master_pid:
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / tick


def median_time(fn, runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build_register(path: Path, n: int, keep: Path | None = None) -> float | None:
    """Builds the demo register of n contacts at `path`; with `keep` (--data), the one built there
    before is copied instead (with its key files) and None returned: at 1M the build takes minutes."""
    import shutil

    kept = keep / f"bench-{n}.duckdb" if keep else None
    if kept is not None and kept.is_file():
        for f in keep.glob(f"bench-{n}.duckdb*"):
            shutil.copy2(f, path.with_name(path.name + f.name[len(kept.name):]))
        from kpcore import migrations

        migrations.migrate(db.Register(path), actor="bench")  # the copy, if the schema moved since
        return None
    t0 = time.perf_counter()
    reg = db.create(path, force=True)
    demo.populate(reg, contacts=n, visits=10 * n, seed=1)
    took = time.perf_counter() - t0
    if kept is not None:
        keep.mkdir(parents=True, exist_ok=True)
        for f in path.parent.glob(path.name + "*"):
            shutil.copy2(f, keep / (kept.name + f.name[len(path.name):]))
    return took


def write_import_csv(reg: db.Register, path: Path) -> int:
    """An N-row import file in the shape people send: Finnish headers, semicolons."""
    with reg.read() as q:
        n = q.sql("SELECT count(*) FROM contact").fetchall()[0][0]
        # One row per purpose link (people in two purposes come twice and merge on email);
        # a phone only where the purpose allows one, as a correct export would have it.
        q.sql(f"""COPY (
            SELECT c.name AS nimi, c.email AS "sähköposti",
                   CASE WHEN EXISTS (SELECT 1 FROM purpose_category pc WHERE pc.purpose = cp.purpose AND pc.category = 'phone')
                        THEN c.phone END AS puhelin,
                   c.organisation AS organisaatio, c.title AS titteli, cp.purpose AS "käyttötarkoitus",
                   cp.source AS "lähde", strftime(cp.collected_on, '%d.%m.%Y') AS hankittu
            FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id
            ORDER BY c.id, cp.purpose LIMIT {n}) TO '{path}' (HEADER, DELIMITER ';')""").fetchall()
        return q.sql(f"SELECT count(*) FROM read_csv('{path}', delim=';', header=true)").fetchall()[0][0]


def bench_import(reg: db.Register, work: Path, runs: int) -> dict:
    import duckdb

    from kpcore import imports

    csv_path = work / "import.csv"
    rows = write_import_csv(reg, csv_path)

    def floor():
        con = duckdb.connect()
        con.execute(f"SELECT count(*) FROM read_csv('{csv_path}', delim=';', header=true)").fetchall()
        con.close()

    def full():
        target = db.create(work / "import-target.duckdb", force=True)
        imports.import_file(target, csv_path, actor="bench")

    t_floor = median_time(floor, runs)
    t_import = median_time(full, runs, warmup=0 if rows >= 1_000_000 else 1)
    return {"rows": rows, "import_s": t_import, "read_csv_s": t_floor, "ratio": t_import / t_floor}


def pick_person(reg: db.Register) -> tuple[str, str]:
    with reg.read() as q:
        email = q.sql("SELECT email FROM contact ORDER BY id LIMIT 1 OFFSET (SELECT count(*) // 2 FROM contact)").fetchall()[0][0]
        # A requester gives their own full address; a stored truncated one (x.y.z.0) stands
        # for a whole /24 after the retention job and is nobody's own address.
        ip = q.sql("SELECT ip FROM web_visit WHERE NOT ip_truncated ORDER BY visited_at DESC LIMIT 1").fetchall()[0][0]
    return email, ip


def bench_pdfs(reg: db.Register, runs: int, skip: set[str]) -> dict:
    out = {}
    email, ip = pick_person(reg)
    if "sar" not in skip:
        from kpcore import sar

        def one():
            with reg.read() as q:
                assert sar.report_pdf(q, email, lang="fi", ip=ip, ip_confirmed=True)[:4] == b"%PDF"
        out["sar_s"] = median_time(one, runs)
    if "notice" not in skip:
        from kpcore import notice

        def one():
            with reg.read() as q:
                assert notice.notice_pdf(q, lang="fi")[:4] == b"%PDF"
        out["notice_s"] = median_time(one, runs)
    if "quarter" not in skip:
        from kpcore import quarter

        def one():
            with reg.read() as q:
                assert quarter.report_pdf(q, lang="fi")[:4] == b"%PDF"
        out["quarter_s"] = median_time(one, runs)
    return out


def bench_cli(reg: db.Register, work: Path, runs: int) -> dict:
    """Whole `kp` processes (python -m kpcore.cli from this checkout): wall time and the
    process's CPU time (user + sys), medians of `runs` after one warm-up.

    Measured as kp runs once installed: pip byte-compiles every module it installs, and a checkout
    writes its .pyc files on the first run. A shell with PYTHONDONTWRITEBYTECODE set (this project's
    sandboxes) would instead compile all of kpcore's source (~0.4 MB) again in every process, so the
    checkout's kpcore is byte-compiled first (python -m compileall; git ignores __pycache__). The
    `*_source_*` keys are the same runs before that, with kpcore's __pycache__ removed and
    PYTHONDONTWRITEBYTECODE=1: what such a shell pays."""
    import compileall
    import resource
    import shutil
    import subprocess

    email, ip = pick_person(reg)
    commands = {
        "help": ["--help"],
        "sar": ["sar", email, "--db", str(reg.path), "--ip", ip, "--ip-confirmed", "--allow-unconfirmed",
                "-o", str(work / "cli-sar.pdf")],
        "notice": ["notice", "--db", str(reg.path), "--lang", "fi", "-o", str(work / "cli-notice.pdf")],
    }

    def measure(env: dict) -> dict:
        res = {}
        for key, args in commands.items():
            walls, cpus = [], []
            for i in range(runs + 1):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "kpcore.cli", *args], cwd=ROOT, check=True, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall = time.perf_counter() - t0
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if i:  # the first run warms the page cache
                    walls.append(wall)
                    cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            res[f"{key}_s"], res[f"{key}_cpu_s"] = statistics.median(walls), statistics.median(cpus)
        for key in ("sar", "notice"):
            res[f"{key}_beyond_help_s"] = res[f"{key}_s"] - res["help_s"]
            res[f"{key}_beyond_help_cpu_s"] = res[f"{key}_cpu_s"] - res["help_cpu_s"]
        return res

    for cache in (ROOT / "kpcore").rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    source = measure(dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    compileall.compile_dir(str(ROOT / "kpcore"), quiet=1)
    out = measure(dict(os.environ))
    out.update({k[:-2] + "_source_s": v for k, v in source.items()})  # every key ends in _s
    return out


def bench_views(reg: db.Register, runs: int) -> dict:
    import streamlit  # noqa: F401 - configures its loggers, which we then quiet

    from conftest import app_test

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    views = sorted(p.stem for p in (ROOT / "dashboard" / "views").glob("*.py") if p.stem != "__init__")
    out = {}
    for view in views:
        def one():
            import streamlit as st

            st.cache_data.clear()  # cold: what the DPO waits for after any change to the register
            at = app_test(view, reg.path, lang="fi")
            at.run(timeout=120)
            assert not at.exception, (view, [e.value for e in at.exception])
        out[view] = median_time(one, runs)
    return out


STALE = '[data-stale="true"]'


def settled(page, path: str, timeout: float = 120.0) -> None:
    """Returns as soon as the view at `path` is shown and the app has finished its run: the
    address is the view's, Streamlit says it is not running, no status widget, and a title
    is on the page. (What a person sees as "done"; wait_streamlit's extra idle second is
    not counted.)

    The page checks this itself (one wait_for_function, polled by a timer in the page): asking
    the page over the DevTools protocol several times each 10 ms kept Chromium's renderer so
    busy on a loaded machine that it handled the websocket's messages only once the asking
    stopped, so the measurement itself held back what it measured (a view whose run had ended
    after 0.5 s was shown after 15 s, when the polling gave up)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SETTLED_JS, arg=path, polling=20, timeout=timeout * 1000)
    except PlaywrightTimeout:
        app = page.locator('[data-testid="stApp"]')
        raise TimeoutError(f"view {path or 'overview'} did not settle: at {page.url}, script "
                           f"{app.get_attribute('data-test-script-state')}, h1 {page.locator('h1').count()}, "
                           f"stale {page.locator(STALE).count()}") from None


SETTLED_JS = """(path) => {
  const at = location.pathname.replace(/\\/+$/, "");
  const here = path ? at.endsWith("/" + path) : at === "";
  const app = document.querySelector('[data-testid="stApp"]');
  return here && app !== null && app.getAttribute("data-test-script-state") === "notRunning"
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && document.querySelector("h1") !== null && document.querySelector('[data-stale="true"]') === null;
}"""


# The first load and the sign-in end when the page shows the form / the overview's text, looked
# for by the page itself every 20 ms, as settled() does for the views. (Until 2 Dec 2026 they
# were timed with Playwright's wait_for_selector / locator.wait_for, which look again after 0,
# 20, 50, 100, 100 ms and then only every 500 ms: a form shown 0.3 s after the load event was
# counted up to 0.5 s late. On the 1M register the DOM had the overview's text 0.69 s after the
# click while wait_for returned at 0.98 s.)
SHOWN_JS = "(selector) => document.querySelector(selector) !== null"
TEXT_JS = "(text) => document.body !== null && document.body.innerText.includes(text)"


def bench_browser(reg: db.Register, rounds: int = 3) -> dict:
    """In Debian's Chromium, as a person feels it: first load to the sign-in form, sign-in to
    the overview's content, then each view's click-to-settled time, the first visit after
    sign-in (cold caches) apart from the median of `rounds` later visits, each view's ratio
    to the overview's in the same run, and the dashboard's peak memory."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, TEST_PASSWORD, TEST_USER, dashboard_server, wait_streamlit

    out: dict = {}
    log = reg.path.with_name(reg.path.name + ".timing.log")  # the dashboard's own account of each run
    log.unlink(missing_ok=True)
    with dashboard_server(reg.path, {"KP_TIMING_LOG": str(log)}) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.perf_counter()
        page.goto(url)
        # the sign-in form a person can type into: the page's own (kpcore/shell.py first_form) ...
        page.wait_for_function(SHOWN_JS, arg='input[type="password"]', polling=20, timeout=120_000)
        out["first_load_s"] = time.perf_counter() - t0
        # ... and Streamlit's, to which what was typed is handed over
        page.wait_for_function(SHOWN_JS, arg='[data-testid="stTextInput"] input[type="password"]',
                               polling=20, timeout=120_000)
        out["streamlit_form_s"] = time.perf_counter() - t0
        paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
        out["first_paint_s"] = paint / 1000 if paint is not None else None  # the browser's own clock
        page.locator('[data-testid="stTextInput"] input:not([type="password"])').first.fill(TEST_USER)
        page.locator('input[type="password"]').first.fill(TEST_PASSWORD)
        t0 = time.perf_counter()
        page.locator('[data-testid="stFormSubmitButton"] button').first.click()
        page.wait_for_function(TEXT_JS, arg="Kivikaarenkatu 21", polling=20, timeout=120_000)
        out["sign_in_to_overview_s"] = time.perf_counter() - t0
        wait_streamlit(page, timeout=120)
        links = page.locator('[data-testid="stSidebarNav"] a')
        paths = [(links.nth(i).get_attribute("href") or "").rstrip("/").split("/", 3)[-1] if
                 (links.nth(i).get_attribute("href") or "").rstrip("/").count("/") > 2 else ""
                 for i in range(links.count())]
        order = paths[1:] + paths[:1]  # the overview last in the first round: it is already warm
        times: dict[str, list[float]] = {p or "overview": [] for p in paths}
        for _ in range(1 + rounds):
            for path in order:
                link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]') if path else \
                    page.locator('[data-testid="stSidebarNav"] a').first
                t0 = time.perf_counter()
                link.first.click()
                for _ in range(3):  # a click the redrawn sidebar let pass is clicked again; the time runs on
                    try:
                        settled(page, path, timeout=15)
                        break
                    except TimeoutError:
                        out["clicked_again"] = out.get("clicked_again", 0) + 1
                        link.first.click()
                else:
                    settled(page, path)
                times[path or "overview"].append(time.perf_counter() - t0)
                wait_streamlit(page, timeout=120)
        out["first_visit_s"] = {v: ts[0] for v, ts in times.items()}
        out["revisit_s"] = {v: statistics.median(ts[1:]) for v, ts in times.items()}
        base_first, base_again = out["first_visit_s"]["overview"], out["revisit_s"]["overview"]
        out["first_visit_ratio"] = {v: t / base_first for v, t in out["first_visit_s"].items()}
        out["revisit_ratio"] = {v: t / base_again for v, t in out["revisit_s"].items()}
        out["memory_mib"] = dashboard_peak_mib()
        browser.close()
    out["server"] = server_runs(log)
    return out


def server_runs(log: Path) -> dict:
    """Per view, from the dashboard's timing log (ui.timing_log): the first run's and the later
    runs' median script time in the server, and the elements and blocks the run sent: what of a
    click's time is the server's, and how much the browser has to draw."""
    runs: dict[str, list[tuple[float, int, int]]] = {}
    if log.is_file():
        for line in log.read_text().splitlines():
            _t, view, secs, elements, blocks = line.split()
            runs.setdefault(view, []).append((float(secs), int(elements), int(blocks)))
    return {v: {"first_s": rs[0][0], "later_s": statistics.median(r[0] for r in rs[1:]) if rs[1:] else None,
                "runs": len(rs), "elements": rs[-1][1], "blocks": rs[-1][2],
                "elements_max": max(r[1] for r in rs)} for v, rs in runs.items()}


def bench_browser_runs(reg: db.Register, runs: int) -> dict:
    """bench_browser `runs` times, each with a fresh dashboard process and a fresh copy of the
    register's caches: the medians of the times and of each run's own ratios to the overview."""
    import shutil

    pristine = reg.path.with_name(reg.path.name + ".pristine")
    for f in reg.path.parent.glob(reg.path.name + "*"):
        if not f.name.endswith(".pristine"):
            shutil.copy2(f, pristine.with_name(f.name + ".pristine"))
    each = []
    for i in range(runs):
        for f in reg.path.parent.glob(reg.path.name + "*.pristine"):  # the same register every run
            shutil.copy2(f, f.with_name(f.name[:-len(".pristine")]))
        each.append(bench_browser(reg))
        print(f"   browser run {i + 1}: " + json.dumps(each[-1], default=str), flush=True)
    out: dict = {"runs": each}
    for key in ("first_load_s", "first_paint_s", "streamlit_form_s", "sign_in_to_overview_s", "memory_mib"):
        known = [r[key] for r in each if r.get(key) is not None]
        out[key] = statistics.median(known) if known else None
    out["clicked_again"] = sum(r.get("clicked_again", 0) for r in each)
    for key in ("first_visit_s", "revisit_s", "first_visit_ratio", "revisit_ratio"):
        out[key] = {v: statistics.median(r[key][v] for r in each) for v in each[0][key]}
    out["server"] = {v: {k: statistics.median(r["server"][v][k] for r in each if v in r["server"]
                                              and r["server"][v][k] is not None)
                         for k in ("first_s", "later_s", "elements", "blocks")}
                     for v in each[0].get("server", {})}
    return out


def dashboard_peak_mib() -> float:
    """VmHWM of the newest streamlit process (the dashboard the bench started)."""
    best = (0.0, 0)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"streamlit run" in cmd and b"dashboard/app.py" in cmd:
                start = (proc / "stat").read_text().split()[21]
                if int(start) > best[1]:
                    status = (proc / "status").read_text()
                    hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                    best = (int(hwm.split()[1]) / 1024, int(start))
    return best[0]


def fmt(v, unit="s"):
    if v is None:
        return "–"
    return f"{v:.3f} {unit}" if unit == "s" else f"{v:.0f} {unit}"


def table(results: list[dict]) -> str:
    sizes = [r["contacts"] for r in results]
    head = "| measure | " + " | ".join(f"{n:,} contacts".replace(",", " ") for n in sizes) + " | target at 1M |"
    lines = [head, "|" + "---|" * (len(sizes) + 2)]

    def row(label, key, unit="s", target=None, sub=None):
        vals = [(r.get(sub) or {}).get(key) if sub else r.get(key) for r in results]
        lines.append(f"| {label} | " + " | ".join(fmt(v, unit) if not isinstance(v, str) else v for v in vals)
                     + f" | {target or ''} |")

    row("build demo register", "build_s")
    row("import CSV", "import_s", sub="import", target="≤ 30 s")
    row("DuckDB read_csv (floor)", "read_csv_s", sub="import")
    lines.append("| import ÷ read_csv | " + " | ".join(
        (f"{r['import']['ratio']:.1f}×" if r.get("import") else "–") for r in results) + " | ≤ 10× |")
    row("access report PDF", "sar_s", target="≤ 0.5 s")
    row("privacy notice PDF", "notice_s", target="≤ 0.5 s")
    row("quarterly overview PDF", "quarter_s", target="≤ 3 s")
    row("kp --help (whole process)", "help_s", sub="cli", target="≤ 0.25 s")
    row("  … its CPU time", "help_cpu_s", sub="cli")
    row("kp sar (whole process, PDF)", "sar_s", sub="cli")
    row("  … beyond kp --help", "sar_beyond_help_s", sub="cli", target="≤ 0.5 s")
    row("  … its CPU time beyond kp --help", "sar_beyond_help_cpu_s", sub="cli")
    row("kp notice (whole process, PDF)", "notice_s", sub="cli")
    row("  … beyond kp --help", "notice_beyond_help_s", sub="cli", target="≤ 0.5 s")
    row("  … its CPU time beyond kp --help", "notice_beyond_help_cpu_s", sub="cli")
    row("kp sar, kpcore not byte-compiled: CPU time beyond kp --help", "sar_beyond_help_cpu_source_s", sub="cli")
    row("kp notice, kpcore not byte-compiled: CPU time beyond kp --help", "notice_beyond_help_cpu_source_s",
        sub="cli")
    views = sorted({v for r in results for v in (r.get("views") or {})})
    for v in views:
        row(f"view script: {v}", v, sub="views", target="≤ 1 s")
    row("request page, ten tasks (view script)", "request_page_s", sub="tasks", target="≤ 0.5 s")
    row("  … its CPU time", "request_page_cpu_s", sub="tasks")
    row("IMAP search, 100 000 messages, first (Dovecot indexes)", "mailbox_cold_s", sub="mailbox")
    row("IMAP search, 100 000 messages", "mailbox_warm_s", sub="mailbox", target="≤ 2 s")
    row("  … its Dovecot CPU time, first", "mailbox_cold_cpu_s", sub="mailbox")
    row("  … its Dovecot CPU time", "mailbox_warm_cpu_s", sub="mailbox")
    row("first page load, to sign-in (browser)", "first_load_s", sub="browser", target="≤ 1.5 s")
    row("  … its first paint (the browser's first-contentful-paint)", "first_paint_s", sub="browser")
    row("  … to Streamlit's own form, the typing handed over", "streamlit_form_s", sub="browser")
    row("sign-in to overview shown (browser)", "sign_in_to_overview_s", sub="browser", target="≤ 1 s")
    clicks = sorted({v for r in results for v in ((r.get("browser") or {}).get("first_visit_s") or {})},
                    key=lambda v: (v != "overview", v))
    for key, label in (("first_visit", "first visit after sign-in"), ("revisit", "later visits, median")):
        for v in clicks:
            vals = []
            for r in results:
                b = r.get("browser") or {}
                t, ratio = (b.get(f"{key}_s") or {}).get(v), (b.get(f"{key}_ratio") or {}).get(v)
                vals.append("–" if t is None else f"{t:.3f} s ({ratio:.1f}× overview)")
            lines.append(f"| click to settled, {label}: {v} (browser) | " + " | ".join(vals)
                         + f" | {'' if v == 'overview' else '≤ 3× overview, ≤ 0.5 s'} |")
    for v in sorted({v for r in results for v in ((r.get("browser") or {}).get("server") or {})}):
        vals = []
        for r in results:
            sv = ((r.get("browser") or {}).get("server") or {}).get(v)
            vals.append("–" if not sv else f"{sv['first_s']:.3f} s first, "
                        + ("–" if sv.get("later_s") is None else f"{sv['later_s']:.3f} s")
                        + f" later; {sv['elements']:.0f} elements, {sv['blocks']:.0f} blocks")
        lines.append(f"| dashboard script run (server, timing log): {v} | " + " | ".join(vals) + " |  |")
    lines.append("| clicks lost and clicked again after 15 s (their view's time includes the wait) | " + " | ".join(
        str((r.get("browser") or {}).get("clicked_again", 0)) if r.get("browser") else "–" for r in results) + " | 0 |")
    row("dashboard peak memory", "memory_mib", unit="MiB", sub="browser", target="≤ 1024 MiB")
    return "\n".join(lines)


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def update_readme(text: str) -> None:
    readme = ROOT / "README.md"
    body = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in body:
        return
    before, rest = body.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(before + start + "\n" + text + "\n" + end + after)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "bench-results"))
    ap.add_argument("--skip", default="", help="comma-separated: import,sar,notice,quarter,cli,views,browser,tasks,mailbox")
    ap.add_argument("--register", help="measure this existing register (a copy is used) instead of building one "
                                       "per size; --sizes is then ignored")
    ap.add_argument("--readme", action="store_true", help="write the table into README.md")
    ap.add_argument("--data", default="", help="keep the built registers in this folder and reuse them")
    ap.add_argument("--browser-runs", type=int, default=1,
                    help="browser measurements, each with a fresh dashboard: medians of times and ratios")
    a = ap.parse_args()
    skip = {s for s in a.skip.split(",") if s}
    results = []
    with tempfile.TemporaryDirectory(prefix="kp-bench-") as tmp:
        work = Path(tmp)
        for n in ([None] if a.register else [int(s) for s in a.sizes.split(",")]):
            if n is None:
                import shutil

                path = work / "given.duckdb"
                for f in Path(a.register).parent.glob(Path(a.register).name + "*"):  # its keys beside it
                    shutil.copy(f, work / f.name.replace(Path(a.register).name, path.name))
                reg = db.Register(path)
                with reg.read() as q:
                    n = q.sql("SELECT count(*) FROM contact").fetchall()[0][0]
                r = {"contacts": n, "visits": None, "build_s": None}
            else:
                path = work / f"bench-{n}.duckdb"
                r = {"contacts": n, "visits": 10 * n,
                     "build_s": build_register(path, n, Path(a.data).resolve() if a.data else None)}
                reg = db.Register(path)
            print(f"== {n:,} contacts", flush=True)
            runs = a.runs if n < 1_000_000 else max(3, a.runs // 2)
            if "import" not in skip:
                r["import"] = bench_import(reg, work, 1 if n >= 1_000_000 else 3)
                print(f"   import {r['import']}", flush=True)
            r.update(bench_pdfs(reg, runs, skip))
            if "cli" not in skip:
                r["cli"] = bench_cli(reg, work, max(runs, 5))
                print(f"   cli {r['cli']}", flush=True)
            if "views" not in skip:
                r["views"] = bench_views(reg, 3)
            if "tasks" not in skip:
                r["tasks"] = bench_request_page(reg, runs)
            if "mailbox" not in skip and not results:
                r["mailbox"] = bench_mailbox(runs)
                print(f"   mailbox {r['mailbox']}", flush=True)
            if "browser" not in skip:
                r["browser"] = bench_browser_runs(reg, a.browser_runs) if a.browser_runs > 1 else bench_browser(reg)
            print("   " + json.dumps({k: v for k, v in r.items() if k not in ("import",)}, default=str), flush=True)
            results.append(r)
            for f in work.glob("import*"):
                f.unlink()
            for f in work.glob(path.name + "*"):
                f.unlink()
    text = table(results)
    stamp = time.strftime("%Y-%m-%d")
    browser = f"; browser rows: medians of {a.browser_runs} runs, each with a fresh dashboard" \
        if a.browser_runs > 1 else ""
    text = f"Measured {stamp} on {machine()}; medians of {a.runs} runs after a warm-up{browser}.\n\n" + text
    print(text)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps({"machine": machine(), "date": stamp, "results": results}, indent=2))
    if a.readme:
        update_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
