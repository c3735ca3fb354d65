from kpcore import suppression


def test_suppressed_people_are_recognised_by_salted_hash_only(reg):
    with reg.write("t", "suppression.add") as w:
        assert suppression.suppress(w, email="Matti.Meikalainen@Tampere.fi", phone="+358401234567", reason="erased") == 2
        assert suppression.suppress(w, email="matti.meikalainen@tampere.fi", phone=None, reason="erased") == 0
        suppression.suppress(w, email="olli@x.fi", phone=None, reason="objected", purpose="sales_marketing")
    with reg.read() as q:
        assert suppression.is_suppressed(q, email=" matti.meikalainen@tampere.fi ")
        assert suppression.is_suppressed(q, phone="+358 40 1234567")
        assert not suppression.is_suppressed(q, email="someone@else.fi")
        assert suppression.is_suppressed(q, email="olli@x.fi", purpose="sales_marketing")
        assert not suppression.is_suppressed(q, email="olli@x.fi", purpose="expert_user")
        stored = [r[0] for r in q.sql("SELECT hash FROM suppression").fetchall()]
        salt = q.sql("SELECT value FROM meta WHERE key = 'suppression_salt'").fetchall()[0][0]
        # DuckDB's sha256 gives the same digest, so imports can check in SQL
        in_sql = q.sql("SELECT sha256(? || lower(trim(?)))", [salt, "Olli@X.fi "]).fetchall()[0][0]
    assert in_sql in stored
    assert not any("matti" in h for h in stored)


def test_an_untouched_register_suppresses_nobody(reg):
    with reg.read() as q:
        assert not suppression.is_suppressed(q, email="a@b.fi")
