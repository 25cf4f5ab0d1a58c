"""Four eyes between accounts: is the approving account verifiably someone else than the one whose work it approves?

One person with two accounts could otherwise approve their own work. The rule, for every four-eyes step (a
beschikking above the amount, a payment batch):

1. the approver is another account than the proposer;
2. the approving account existed, with the rights and credentials it has now, before the work was created: an
   account made (or given rights, or a new password) by an administrator after the work cannot approve it;
3. neither account was created or given its rights by the other;
4. the two accounts did not get their rights from the same administrator (a beheerder who creates two
   consultants could hold both): one of them must come from another beheerder, the application's superuser, or
   the organisation's own sign-in (accounts not made in this application's admin carry no administrator).

Every account carries who made it (`aangemaakt_door`) and who last changed its rights (`bevoegd_door`, at
`bevoegdheid_gewijzigd_op`); the admin fills them (accounts.admin).
"""

from __future__ import annotations

from datetime import datetime

from .models import Gebruiker


def _bevoegd_gemaakt_door(account: Gebruiker) -> set[int]:
    ids = {i for i in (account.aangemaakt_door_id, account.bevoegd_door_id) if i is not None}
    superusers = set(Gebruiker.objects.filter(pk__in=ids, is_superuser=True).values_list("pk", flat=True))
    return ids - superusers  # the superuser can change the database itself; four eyes guard against the rest


def andere_persoon_fout(*, voorsteller: Gebruiker, goedkeurder: Gebruiker, werk_sinds: datetime) -> str | None:
    """None if `goedkeurder` may approve work `voorsteller` created at `werk_sinds`; else the Dutch reason."""
    if goedkeurder.pk == voorsteller.pk:
        return "U kunt uw eigen werk niet goedkeuren: een tweede persoon moet dat doen (vier ogen)."
    sinds = goedkeurder.bevoegdheid_gewijzigd_op or goedkeurder.date_joined
    if sinds >= werk_sinds:
        return (
            "Uw account of zijn rechten zijn nieuwer dan het werk dat u wilt goedkeuren: een collega wiens account er "
            "al was, moet goedkeuren (vier ogen)."
        )
    van_goedkeurder, van_voorsteller = _bevoegd_gemaakt_door(goedkeurder), _bevoegd_gemaakt_door(voorsteller)
    if voorsteller.pk in van_goedkeurder or goedkeurder.pk in van_voorsteller:
        return "Uw account is aangemaakt of bevoegd gemaakt door de voorsteller, of andersom: dat is geen vier ogen."
    if van_goedkeurder & van_voorsteller:
        return (
            "Uw account en dat van de voorsteller kregen hun rechten van dezelfde beheerder: laat een andere collega "
            "goedkeuren, of laat een tweede beheerder een van beide accounts bevoegd maken (vier ogen)."
        )
    return None
