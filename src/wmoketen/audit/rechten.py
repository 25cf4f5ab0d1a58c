"""The production database roles (docs/security.md §2): an owner role runs the migrations and owns every table; the
application runs under its own role that owns nothing and may only SELECT and INSERT on the Logboek, so it can
neither change nor remove records, nor switch the triggers off, nor empty the table.

`rechten_sql` is what the DBA (or `wmoketen audit rechten --uitvoeren`, as the owner, after every migrate) runs;
`rechten_controleren` is what the application role itself can check."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

LOGBOEK = "audit_verwerking"
KETENKOP = "audit_ketenkop"


def rechten_sql(*, app_rol: str, eigenaar: str) -> list[sql.Composed]:
    app, eig = sql.Identifier(app_rol), sql.Identifier(eigenaar)
    return [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(app),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app),
        sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {}").format(app),
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(LOGBOEK), app),
        sql.SQL("REVOKE DELETE ON {} FROM {}").format(sql.Identifier(KETENKOP), app),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(eig, app),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(
            eig, app
        ),
    ]


@dataclass(frozen=True)
class Rechtenrapport:
    rol: str
    bezwaren: list[str]

    @property
    def in_orde(self) -> bool:
        return not self.bezwaren


def rechten_controleren(cursor: object) -> Rechtenrapport:
    """What the current database role may do to the Logboek; every objection in words (PostgreSQL only)."""
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT current_user, r.rolsuper, r.rolbypassrls, "
        "pg_has_role(current_user, c.relowner, 'USAGE'), "
        "has_table_privilege(%(t)s, 'UPDATE'), has_table_privilege(%(t)s, 'DELETE'), "
        "has_table_privilege(%(t)s, 'TRUNCATE'), has_table_privilege(%(k)s, 'DELETE'), "
        "has_table_privilege(%(k)s, 'TRUNCATE') "
        "FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = %(t)s::regclass",
        {"t": LOGBOEK, "k": KETENKOP},
    )
    rol, superuser, bypass, eigenaar, upd, dele, trunc, kop_del, kop_trunc = cursor.fetchone()  # type: ignore[attr-defined]
    bezwaren = [
        tekst
        for waar, tekst in (
            (superuser, "is superuser (kan triggers uitschakelen en alles wijzigen)"),
            (bypass, "heeft BYPASSRLS"),
            (eigenaar, f"is (lid van de) eigenaar van {LOGBOEK} (kan de triggers uitschakelen)"),
            (upd, f"mag UPDATE op {LOGBOEK}"),
            (dele, f"mag DELETE op {LOGBOEK}"),
            (trunc, f"mag TRUNCATE op {LOGBOEK}"),
            (kop_del, f"mag DELETE op {KETENKOP}"),
            (kop_trunc, f"mag TRUNCATE op {KETENKOP}"),
        )
        if waar
    ]
    return Rechtenrapport(rol, bezwaren)
