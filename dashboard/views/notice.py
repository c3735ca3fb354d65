"""Privacy notice (tietosuojaseloste): preview, the register facts behind each section
editable in place, the Art. 13/14 completeness check, downloads, publishing, version
history and what changed between two versions. Reads and writes through kpcore.notice."""
import streamlit as st

import ui
from kpcore import i18n, notice, retention, safety
from kpcore.errors import KpError
from kpcore.notice.terms import ITEM_STATES
from kpcore.models import LEGAL_BASES, legal_basis_text

_ = ui._
pgettext = ui.pgettext
UI_LANG = ui.lang()  # read once: format_func lambdas may run outside the script (AppTest)
ICON = {"present": "✓", "missing": "✗", "unconfirmed": "⚠"}  # glyphs every font has (no emoji font needed)
CSS = ("<style>.kp-notice h1{font-size:1.5rem;color:#1d4e89}.kp-notice h2{font-size:1.15rem;color:#1d4e89;"
       "margin-top:1.2rem}.kp-notice h3{font-size:1rem;margin-bottom:.2rem}.kp-notice .version{color:#616e7c}</style>")
STATUS = ITEM_STATES  # kpcore.notice.terms: the one table of an item's states

st.title(_("Privacy notice"))

# Fixed slots: an element that comes and goes above st.tabs would make the tabs new
# elements, and the DPO would be sent back to the first tab after every save.
flash_slot = st.empty()
if "notice_flash" in st.session_state:
    flash_slot.success(st.session_state.pop("notice_flash"))

lang = st.radio(_("Language of the notice"), list(notice.LANGS),
                format_func={"fi": "Suomi", "en": "English", "sv": "Svenska"}.get, horizontal=True,
                index=list(notice.LANGS).index(UI_LANG) if UI_LANG in notice.LANGS else 0, key="notice_lang")

data = ui.read(notice.overview, lang)
doc, check = data["document"], data["check"]
facts = ui.read(notice.editor_facts)


def write(fn, *args, done: str, **kwargs):
    """Run one audited write; on success rerun with a note, on refusal show why."""
    try:
        result = fn(ui.register(), ui.user(), *args, **kwargs)
    except KpError as exc:
        ui.show_error(exc)
        return None
    ui.after_write()
    st.session_state["notice_flash"] = done
    st.rerun()
    return result


counts = {s: sum(1 for r in check if r["status"] == s) for s in ICON}
missing_m = notice.mandatory_missing(check)
# What the button publishes: fi and en (sv too once published); the first Swedish version on its own,
# from the Swedish view, so that unconfirmed Swedish facts hold back only the Swedish notice.
publish_langs = ui.read(notice.default_langs)
if lang not in publish_langs:
    publish_langs = [lang]
blocking = ui.read(notice.blocking_lines, publish_langs, UI_LANG)
c1, c2, c3, c4 = st.columns(4)
c1.metric(_("Items present"), f"{counts['present']} / 15")
c2.metric(_("Unconfirmed"), counts["unconfirmed"])
c3.metric(_("Missing"), counts["missing"])
c4.metric(_("Version"), f"{doc.version}" + (_(" (draft)") if doc.draft else ""))
banner = st.empty()
if missing_m:
    banner.error(_("Mandatory items are missing: ")
             + ", ".join(f"{r['item']}. {ui.pick(r, 'title')}" for r in missing_m))
elif counts["unconfirmed"]:
    banner.warning(_("Some values were proposed by the project and the DPO has not confirmed them yet. See the Completeness tab."))

t_preview, t_edit, t_check, t_versions = st.tabs([
    _("Preview and download"), _("Facts by section"),
    _("Completeness (Art. 13/14)"), _("Versions")])

# ------------------------------------------------------------------ preview and download
with t_preview:
    st.caption(doc.version_line)
    cols = st.columns(3)
    for col, fmt, label in ((cols[0], "pdf", "PDF"), (cols[1], "html", "HTML"), (cols[2], "md", "Markdown")):
        # Built only when clicked (three renderings on every visit made the view slow), and
        # the download is audited then.
        payload = ui.lazy_file(notice.render, lang, fmt, audit=("notice.download", "notice", f"{lang}:{fmt}", None))
        col.download_button(_("Download {label}").format(label=label), payload, file_name=notice.file_name(doc, fmt),
                            mime=notice.FORMATS[fmt], key=f"dl_{fmt}_{lang}", width="stretch")
    if doc.draft and ui.can("change"):
        left, right = st.columns([2, 1], vertical_alignment="center")
        if blocking:
            # No "publish anyway": a notice states only confirmed facts (Art. 12(1), 13, 14).
            left.error(_("The notice cannot be published until these mandatory items are filled in and confirmed:")
                       + "\n" + "\n".join(f"- {safety.md(line)}" for line in blocking))
        if right.button(_("Publish a new version"), key="publish", type="primary",
                        disabled=bool(blocking), width="stretch",
                        help=_("Publishes the Finnish and English notice where their text or facts have changed.")):
            write(notice.publish, langs=publish_langs, ui_lang=UI_LANG,
                  done=_("Notice published."))
    elif not doc.draft:
        st.info(_("This is published version {version}.").format(version=doc.version))
    with st.container(border=True):
        # The site's HTML (register text escaped by kpcore), with the site's proportions.
        st.html(CSS + "<div class='kp-notice'>" + notice.to_html_body(doc) + "</div>")

# ------------------------------------------------------------------ facts by section
def statement_editor(key: str, where: str) -> None:
    if not ui.can("change"):  # a viewer reads the notice; the DPO edits it
        return
    rows = facts["statements"].get(key, {})
    with st.form(f"st_{where}_{key}"):
        texts = {}
        for lg in notice.LANGS:
            row = rows.get(lg)
            state = "" if row is None else (_(" – confirmed") if row["confirmed"]
                                             else _(" – proposed, not confirmed"))
            texts[lg] = st.text_area(f"{notice.statement_text(key, UI_LANG)} ({lg}){state}", value=(row or {}).get("body", ""), key=f"st_{where}_{key}_{lg}",
                                     height=110)
        if st.form_submit_button(_("Save and confirm")):
            try:
                for lg, text in texts.items():
                    if rows.get(lg) is None or text.strip() != rows[lg]["body"] or not rows[lg]["confirmed"]:
                        notice.set_statement(ui.register(), ui.user(), key, lg, text)
            except KpError as exc:
                ui.show_error(exc)
            else:
                ui.after_write()
                st.session_state["notice_flash"] = _("Text “{statement_text}” saved.").format(statement_text=notice.statement_text(key, ui.lang()))
                st.rerun()


def controller_editor() -> None:
    if not ui.can("change"):  # a viewer reads the notice; the DPO edits it
        return
    c = facts["controller"]
    labels = {"name": _("Name"), "street": _("Street"), "postcode": _("Postcode"),
              "city": _("City"), "email": _("Email"), "phone": _("Phone"),
              "business_id": _("Business ID"), "dpo_name": _("DPO name"),
              "dpo_email": _("DPO email"),
              "dpo_phone": _("DPO phone")}
    with st.form("controller_form"):
        cols = st.columns(2)
        values = {f: cols[i % 2].text_input(labels[f], value=c.get(f) or "", key=f"ctl_{f}")
                  for i, f in enumerate(notice.CONTROLLER_FIELDS)}
        if st.form_submit_button(_("Save contact details")):
            write(notice.update_controller, {k: v for k, v in values.items()},
                  done=_("Contact details saved."))


def pair(p: dict, stem: str, field: str, label: str) -> dict:
    """Side-by-side text areas, one per language of the notice, for one purpose field."""
    out = {}
    for col, lg in zip(st.columns(len(notice.LANGS)), notice.LANGS):
        out[f"{field}_{lg}"] = col.text_area(f"{label} ({lg})", p[f"{field}_{lg}"] or "",
                                             key=f"p{stem}_{lg}_{p['key']}", height=80)
    return out


def purposes_editor() -> None:
    if not ui.can("change"):  # a viewer reads the notice; the DPO edits it
        return
    bases = list(LEGAL_BASES)
    for p in facts["purposes"]:
        name = ui.pick(p, "name")
        flags = ((ICON["present" if p["basis_confirmed"] else "unconfirmed"] + " ") + _("basis") + " · "
                 + (ICON["present" if p["retention_confirmed"] else "unconfirmed"] + " ") + _("retention")
                 + " · " + (ICON["present" if p["sv_confirmed"] else "unconfirmed"] + " ") + _("Swedish"))
        st.markdown(f"**{safety.md(name)}** — {flags}")
        with st.form(f"purpose_{p['key']}"):
            basis = st.selectbox(_("Legal basis"), bases, index=bases.index(p["legal_basis"]),
                                 format_func=lambda b: legal_basis_text(b, ui.lang()),
                                 key=f"pb_{p['key']}", placeholder=ui.choose(bases))
            # Swedish (issue 18): the purpose's name, group and data subjects in the Swedish notice
            s1, s2, s3 = st.columns(3)
            values = {"name_sv": s1.text_input(_("Name (sv)"), p["name_sv"] or "", key=f"pnsv_{p['key']}"),
                      "group_sv": s2.text_input(_("Group (sv)"), p["group_sv"] or "",
                                                key=f"pgsv_{p['key']}"),
                      "subjects_sv": s3.text_input(_("Data subjects (sv)"), p["subjects_sv"] or "",
                                                   key=f"pssv_{p['key']}")}
            values |= pair(p, "li", "legitimate_interest", _("Legitimate interest"))
            # Retention is a rule (kpcore.retention): an anchor event and months; the sentence follows from it.
            anchors = list(retention.ANCHORS)
            ca, cm = st.columns(2)
            anchor = ca.selectbox(_("Retention counts from"), anchors,
                                  index=anchors.index(p["retention_anchor"] or "collection"),
                                  format_func=lambda a: retention.anchor_name(a, UI_LANG), key=f"panchor_{p['key']}",
                                  placeholder=ui.choose(anchors))
            months = cm.number_input(_("Retention in months"), min_value=1,
                                     value=p["retention_months"], step=1, key=f"pmonths_{p['key']}")
            st.caption(_("The notice says: ") + notice.md_escape(ui.pick(p, "retention")))
            values |= pair(p, "prov", "provision", _("Providing the data"))
            dm = st.checkbox(_("Direct marketing (objection, 21(2))"),
                             value=p["direct_marketing"], key=f"pdm_{p['key']}")
            if st.form_submit_button(_("Save and confirm")):
                write(notice.update_purpose, p["key"], values | {
                    "legal_basis": basis, "retention_anchor": anchor, "direct_marketing": dm}
                    | ({"retention_months": int(months)} if months else {}),
                    done=_("Purpose {name} saved and confirmed.").format(name=name))


def sources_editor() -> None:
    if not ui.can("change"):  # a viewer reads the notice; the DPO edits it
        return
    for s in facts["sources"]:
        with st.form(f"source_{s['key']}"):
            st.markdown("**" + notice.md_escape(ui.pick(s, "name")) + "**")  # the source, in the reader's language
            a, b = st.columns(2)
            d_fi = a.text_input(_("Description (fi)"), s["description_fi"], key=f"src_fi_{s['key']}")
            d_en = b.text_input(_("Description (en)"), s["description_en"], key=f"src_en_{s['key']}")
            a, b = st.columns(2)  # Swedish (issue 18): saving confirms it
            n_sv = a.text_input(_("Name (sv)") + ("" if s["sv_confirmed"] else _(" – proposed")),
                                s["name_sv"] or "", key=f"src_nsv_{s['key']}")
            d_sv = b.text_input(_("Description (sv)"), s["description_sv"] or "", key=f"src_sv_{s['key']}")
            public = st.checkbox(_("Public source"), value=s["publicly_available"], key=f"src_pub_{s['key']}")
            if st.form_submit_button(_("Save")):
                write(notice.update_source, s["key"], {"description_fi": d_fi, "description_en": d_en,
                                                       "name_sv": n_sv, "description_sv": d_sv,
                                                       "publicly_available": public},
                      done=_("Source saved."))


def recipients_editor() -> None:
    if not ui.can("change"):  # a viewer reads the notice; the DPO edits it
        return
    recs = facts["recipients"]
    purposes = {p["key"]: (ui.pick(p, "name")) for p in facts["purposes"]}
    if recs:
        st.dataframe([{"#": r["id"], _("Name"): r.get(f"name_{ui.lang()}") or r["name"], _("Role"): ui.pick(r, "role"),
                       _("Country"): r["country"], _("Confirmed"): ICON["present" if r["confirmed"] else "unconfirmed"]}
                      for r in recs], hide_index=True, width="stretch")
    choices = [None] + [r["id"] for r in recs]
    pick = st.selectbox(_("Recipient to edit"), choices, key="rec_pick",
                        format_func=lambda i, new=_("– new recipient –"): new if i is None
                        else f"{i}: {next(r['name'] for r in recs if r['id'] == i)}", placeholder=ui.choose(choices))
    r = next((x for x in recs if x["id"] == pick), {})
    with st.form(f"recipient_form_{pick}"):
        name = st.text_input(_("Name or category of recipient"), r.get("name", ""),
                             key=f"rec_name_{pick}")
        a, b = st.columns(2)  # a category described in words needs them; a company's own name does not
        name_sv = a.text_input(_("Name (sv), if it is translated"), r.get("name_sv") or "", key=f"rec_nsv_{pick}")
        name_en = b.text_input(_("Name (en), if it is translated"), r.get("name_en") or "", key=f"rec_nen_{pick}")
        a, b = st.columns(2)
        role_fi = a.text_input(_("Role (fi)"), r.get("role_fi", ""), key=f"rec_rfi_{pick}")
        role_en = b.text_input(_("Role (en)"), r.get("role_en", ""), key=f"rec_ren_{pick}")
        role_sv = st.text_input(_("Role (sv)"), r.get("role_sv") or "", key=f"rec_rsv_{pick}")
        a, b, c = st.columns(3)
        country = a.text_input(_("Country (ISO code)"), r.get("country", "FI"), key=f"rec_cty_{pick}")
        processor = b.checkbox(_("Processor"), value=r.get("is_processor", True),
                               key=f"rec_proc_{pick}")
        linked = c.multiselect(_("Purposes"), list(purposes), default=r.get("purposes", []),
                               format_func=purposes.get, key=f"rec_purp_{pick}", placeholder=ui.choose(many=True))
        a, b = st.columns(2)
        sg_fi = a.text_input(_("Safeguard outside the EU/EEA (fi)"),
                             r.get("safeguard_fi") or "", key=f"rec_sgfi_{pick}")
        sg_en = b.text_input(_("Safeguard outside the EU/EEA (en)"),
                             r.get("safeguard_en") or "", key=f"rec_sgen_{pick}")
        sg_sv = st.text_input(_("Safeguard outside the EU/EEA (sv)"),
                              r.get("safeguard_sv") or "", key=f"rec_sgsv_{pick}")
        values = {"name": name, "role_fi": role_fi, "role_en": role_en, "country": country, "is_processor": processor,
                  "safeguard_fi": sg_fi, "safeguard_en": sg_en, "role_sv": role_sv, "safeguard_sv": sg_sv,
                  "name_sv": name_sv, "name_en": name_en}
        if st.form_submit_button(_("Save and confirm") if pick else _("Add")):
            if pick is None:
                write(notice.add_recipient, values, linked, done=_("Recipient added."))
            else:
                write(notice.update_recipient, pick, values, purposes=linked,
                      done=_("Recipient saved."))
    if pick is not None:
        sure = st.checkbox(_("Remove this recipient from the notice"),
                           key=f"rec_del_ok_{pick}")
        if st.button(_("Remove"), key=f"rec_del_{pick}", disabled=not sure):
            write(notice.remove_recipient, pick, done=_("Recipient removed."))


with t_edit:
    st.caption(_("Each section shows the register facts it is made of. Saving is audited and confirms what you save."))
    by_item = {r["item"]: r for r in check}
    # Each section is drawn when it is opened (ui.lazy_expander): drawn all at once, the sections'
    # forms made this view some 390 elements, too many for a browser to show quickly (issue 16 §6).
    title_box = ui.lazy_expander(_("Title of the notice"), "notice_sec_title")
    if title_box.open:
        with title_box:
            statement_editor("title", "title")
    for section in doc.sections:
        marks = "".join(ICON[by_item[i]["status"]] for i in section.items)
        items = (_(" · items ") + ", ".join(map(str, section.items))) if section.items else ""
        box = ui.lazy_expander(f"{section.title}{items} {marks}", f"notice_sec_{section.key}")
        if not box.open:
            continue
        with box:
            with st.container(border=True):
                st.html(CSS + "<div class='kp-notice'>" + notice.section_html(section) + "</div>")
            for f in section.facts:
                if f.startswith("statement:"):
                    statement_editor(f.split(":", 1)[1], section.key)
                elif f == "controller" and section.key == "controller":
                    controller_editor()
                elif f == "controller":
                    st.caption(_("The DPO's details are edited in the section Controller and contact details."))
                elif f == "purposes":
                    purposes_editor()
                elif f == "sources":
                    sources_editor()
                elif f == "recipients" and section.key == "recipients":
                    recipients_editor()
                elif f == "recipients":
                    st.caption(_("Transfers follow from the recipients' countries; edit them under Recipients."))
                elif f == "processor_categories":
                    st.caption(_("The data categories come from the register's processor-role categories."))

# ------------------------------------------------------------------ completeness
with t_check:
    st.caption(_("The 15 items of Articles 13 and 14 GDPR. M = always required, C = required when it applies."))
    st.dataframe([{_("Item"): r["item"], pgettext("Otsikko", "Title"): ui.pick(r, "title"),
                   "M/C": r["requirement"], _("Status"): f"{ICON[r['status']]} {_(STATUS[r['status']])}",
                   _("Detail"): r["detail"]} for r in check],
                 hide_index=True, width="stretch", height=36 * (len(check) + 1) + 4,
                 column_config={_("Detail"): st.column_config.TextColumn(width="large")})
    for r in check:
        if r["status"] != "present":
            st.markdown(f"{ICON[r['status']]} **{r['item']}. {ui.pick(r, 'title')}** — "
                        + safety.md(r["detail"]))
    open_items = [r for r in check if r["status"] == "unconfirmed"]
    if open_items and ui.can("change"):
        a, b = st.columns([3, 1])
        item = a.selectbox(_("Confirm the proposed values of item"),
                           [r["item"] for r in open_items], key="confirm_item",
                           format_func=lambda n: f"{n}. " + next(ui.pick(r, "title")
                                                                for r in check if r["item"] == n),
                           placeholder=ui.choose())
        if b.button(_("Confirm"), key="confirm_one"):
            write(notice.confirm_item, item, done=_("Item {item} confirmed.").format(item=item))
        sure = st.checkbox(_("I have read every proposed value and accept them"),
                           key="confirm_all_ok")
        if st.button(_("Confirm all"), key="confirm_all", disabled=not sure):
            write(notice.confirm_all, done=_("Every proposed value confirmed."))
    elif not open_items:
        st.success(_("Every value is confirmed."))

# ------------------------------------------------------------------ versions
with t_versions:
    rows = data["versions"]
    if not rows:
        st.info(_("The notice has not been published in this language yet."))
    else:
        st.dataframe([{_("Version"): r["version"], _("Published"): r["published_at"],
                       _("Hash"): r["content_hash"][:16], _("Characters"): r["chars"]}
                      for r in rows], hide_index=True, width="stretch")
        numbers = [r["version"] for r in rows]
        a, b = st.columns(2)
        va = a.selectbox(_("Compare version"), numbers, index=min(1, len(numbers) - 1) if len(numbers) > 1 else 0,
                         key="diff_a", placeholder=ui.choose(numbers))
        vb = b.selectbox(_("with"), [None] + numbers, key="diff_b",
                         format_func=lambda v, now=_("the current text"): now if v is None else str(v),
                         placeholder=ui.choose())
        d = ui.read(notice.diff_versions, lang, va, vb)
        if d["same"]:
            st.info(_("No changes."))
        else:
            changed = d["changed"] + d["added"] + d["removed"]
            if changed:
                st.markdown(_("**Changed sections:** ") + "; ".join(changed))
            st.code("\n".join(d["diff"]), language="diff")
        pick = st.selectbox(_("Download a published version (Markdown)"), numbers,
                            key="dl_version", placeholder=ui.choose(numbers))
        st.download_button(_("Download"), ui.read(notice.version_content, lang, pick).encode("utf-8"),
                           file_name=f"{i18n.pgettext('file name', 'privacy-notice', lang)}-{lang}-v{pick}.md",
                           mime="text/markdown", key="dl_version_btn")
