"""#15 §6: a non-demo password has at least 12 characters and is not a common password; the cheap
hashing profile is the test suite's alone, never an environment variable's."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from kpcore import auth, db, demo
from kpcore.errors import KpError

PRODUCTION = "$argon2id$v=19$m=65536,t=3,p=4$"


def _hash_of(reg, name: str) -> str:
    with reg.read() as q:
        return q.sql("SELECT password_hash FROM app_user WHERE name = ?", [name]).fetchall()[0][0]


def _users(reg) -> list[str]:
    with reg.read() as q:
        return [u["name"] for u in auth.list_users(q)]


# -- length and the common-password list ------------------------------------------------------
@pytest.mark.parametrize("password", ["", "a", "salasana", "lyhyt-sana1", "x" * 11, " " * 14, "   lyhyt-1   "])
def test_a_password_shorter_than_12_characters_is_refused(reg, password):
    with pytest.raises(KpError, match="12") as err:
        auth.add_user(reg, "pekka", "dpo", password)
    # the same whatever was typed; in the reader's language (issue 18 §1), English in str()
    assert str(err.value) == "The password must have at least 12 characters."
    assert err.value.text("fi") == "Salasanassa on oltava vähintään 12 merkkiä."
    assert err.value.text("sv") == "Lösenordet ska ha minst 12 tecken."
    assert _users(reg) == []


def test_twelve_characters_not_in_the_list_are_enough(reg):
    auth.add_user(reg, "pekka", "dpo", "kaksitoista!")  # exactly 12
    assert auth.sign_in(reg, "pekka", "kaksitoista!").name == "pekka"


def test_the_common_password_list_ships_in_the_package_and_is_long():
    path = ROOT / "kpcore" / "data" / "common-passwords.txt.gz"
    words = gzip.decompress(path.read_bytes()).decode().split()
    assert len(words) > 19_000
    assert (ROOT / "kpcore" / "data" / "NOTICE-common-passwords.txt").read_text().count("Django") >= 2
    assert auth.is_common_password("qwerty123456") and not auth.is_common_password("kaksitoista!")


@pytest.mark.parametrize("password", ["qwerty123456", "QWERTY123456", "1q2w3e4r5t6y", "  Qwerty123456 ",
                                      "123qweasdzxc"])
def test_a_common_password_is_refused_whatever_its_case(reg, password):
    with pytest.raises(KpError, match="common one") as err:
        auth.add_user(reg, "pekka", "dpo", password)
    assert "yleinen salasana" in err.value.text("fi")
    assert all(password.strip().lower() not in err.value.text(lang).lower() for lang in ("fi", "sv", "en"))
    assert _users(reg) == []


def test_a_new_password_follows_the_same_rules(reg):
    auth.add_user(reg, "pekka", "dpo", "ensimmainen-salasana")
    before = _hash_of(reg, "pekka")
    for bad in ("lyhyt", "qwerty123456"):
        with pytest.raises(KpError, match="12|common one"):
            auth.set_password(reg, "pekka", bad)
    assert _hash_of(reg, "pekka") == before
    auth.set_password(reg, "pekka", "toinen-pitka-salasana")
    assert auth.sign_in(reg, "pekka", "toinen-pitka-salasana")


def test_kp_user_add_and_passwd_refuse_weak_passwords(reg, kp):
    # the refusal in the terminal's language (KP_LANG), never repeating the password
    for pw, lang, said in (("salasana", "fi", "kp: Salasanassa on oltava vähintään 12 merkkiä."),
                           ("Qwerty123456", "fi", "kp: Salasana on yleinen salasana, joka arvataan helposti: "
                                                  "valitse toinen."),
                           ("salasana", "sv", "kp: Lösenordet ska ha minst 12 tecken."),
                           ("Qwerty123456", "en", "kp: The password is a common one that is easily guessed: "
                                                  "choose another.")):
        res = kp("user", "add", "pekka", "--role", "dpo", db_path=reg.path, input=pw + "\n", env={"KP_LANG": lang})
        assert res.returncode != 0 and "Traceback" not in res.stderr
        assert res.stderr.strip() == said and pw not in res.stderr
    assert _users(reg) == []
    assert kp("user", "add", "pekka", "--role", "dpo", db_path=reg.path, input="pekan-pitka-salasana\n").returncode == 0
    res = kp("user", "passwd", "pekka", db_path=reg.path, input="demo\n")
    assert res.returncode != 0 and "12" in res.stderr
    assert auth.sign_in(reg, "pekka", "pekan-pitka-salasana")


# -- the demo register's documented users --------------------------------------------------------
def test_demo_users_only_in_a_demo_register(tmp_path, reg):
    d = db.create(tmp_path / "demo.duckdb")
    demo.populate(d, contacts=20, visits=20, seed=1)
    auth.add_demo_users(d)
    assert auth.sign_in(d, "dpo", "demo").role == "dpo" and auth.sign_in(d, "viewer", "viewer").role == "viewer"
    with pytest.raises(KpError, match="demo"):
        auth.add_demo_users(reg)  # a register without demo data
    assert _users(reg) == []
    # the exception is the documented users and nothing else, even in the demo register
    with pytest.raises(KpError, match="12"):
        auth.add_user(d, "muu", "dpo", "demo")
    with pytest.raises(KpError, match="12"):
        auth.set_password(d, "dpo", "demo2")


# -- the cheap hashing profile ---------------------------------------------------------------------
def test_the_environment_cannot_choose_cheap_hashes(tmp_path):
    """On f5bb249 KP_ARGON2_PROFILE=cheapest made every hash of a real server cheap."""
    env = dict(os.environ, KP_ARGON2_PROFILE="cheapest", KP_TEST_CHEAP_HASHES="1")
    out = subprocess.run([sys.executable, "-c", "from kpcore import auth; print(auth.hash_password('x'))"],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    assert out.startswith(PRODUCTION)
    # the real `kp` entry point, with the variable set, stores a production hash
    path = tmp_path / "r.duckdb"
    db.create(path)
    res = subprocess.run([sys.executable, "-m", "kpcore.cli", "user", "add", "pekka", "--role", "dpo", "--db", str(path)],
                         input="pekan-pitka-salasana\n", capture_output=True, text=True, env=env, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert _hash_of(db.Register(path), "pekka").startswith(PRODUCTION)


def test_the_test_suite_hashes_cheaply_in_process_and_in_the_kp_it_starts(reg, kp):
    assert auth.hash_password("x").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert kp("user", "add", "pekka", "--role", "dpo", db_path=reg.path,
              input="pekan-pitka-salasana\n").returncode == 0
    assert _hash_of(reg, "pekka").startswith("$argon2id$v=19$m=8,t=1,p=1$")


def test_hashes_of_either_profile_verify_and_cheap_ones_are_upgraded_by_production(reg):
    auth.add_user(reg, "pekka", "dpo", "pekan-pitka-salasana")  # cheap, in the test suite
    assert not _hash_of(reg, "pekka").startswith(PRODUCTION)
    auth.use_cheap_hashes_for_tests(False)
    try:
        assert auth.sign_in(reg, "pekka", "pekan-pitka-salasana")
        upgraded = _hash_of(reg, "pekka")
        assert upgraded.startswith(PRODUCTION)
        assert auth.sign_in(reg, "pekka", "pekan-pitka-salasana")  # a production hash verifies
    finally:
        auth.use_cheap_hashes_for_tests()
    assert auth.sign_in(reg, "pekka", "pekan-pitka-salasana")  # and still with the cheap hasher
    assert _hash_of(reg, "pekka") == upgraded  # no downgrade
