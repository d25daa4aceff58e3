"""The priority rule of `docs/labelling-guide.md` §4, as one function for the generator and the enrichers.

Priority follows the situation a message describes, not its phrases:

- `alta`: an ongoing risk to life or health (`riesgo_vida`), a tutela announced or threatened
  (`tutela`), a legal or judicial deadline at stake (`plazo_legal`), or a person of special protection
  (minor, older adult, person with a disability, pregnant woman) *affected* by the matter
  (`especial_proteccion` with stake `dano`: a harm, privation or mistreatment they suffer now);
- `media`: otherwise, a current harm (`dano`) or a pending matter with a concrete consequence
  (`pendiente`: a job, a credit, a dated trip, a second insistence);
- `baja`: the rest (suggestions, general questions, documents without a concrete urgency). A person
  of special protection who is merely mentioned ("soy adulto mayor y les sugiero…") does not raise it.
"""
from __future__ import annotations

SITUATIONS = ("riesgo_vida", "especial_proteccion", "tutela", "plazo_legal", "ninguna")
STAKES = ("dano", "pendiente", "ninguno")
ALWAYS_ALTA = frozenset({"riesgo_vida", "tutela", "plazo_legal"})


def priority_for(situation: str, stake: str) -> str:
    """`alta` / `media` / `baja` for a situation (SITUATIONS) and what is at stake (STAKES)."""
    if situation not in SITUATIONS or stake not in STAKES:
        raise ValueError(f"unknown situation {situation!r} or stake {stake!r}")
    if situation in ALWAYS_ALTA or (situation == "especial_proteccion" and stake == "dano"):
        return "alta"
    return "media" if stake in ("dano", "pendiente") else "baja"


# What can be at stake per PQRS type (guide §4): every queja and reclamo is a harm someone suffers; a
# sugerencia asks for nothing urgent; a petición may or may not have a concrete consequence pending.
STAKES_BY_TYPE = {"peticion": ("pendiente", "ninguno"), "queja": ("dano",), "reclamo": ("dano",),
                  "sugerencia": ("ninguno",)}


def priorities_for_type(pqrs_type: str) -> frozenset[str]:
    """The priorities the rule allows for a type, whatever the situation (a queja is never baja). A
    sugerencia is always baja: it proposes an improvement with nothing suffered; a current risk or deadline
    makes the e-mail ask for an action or a repair, a petición or a reclamo (guide §1, §4)."""
    if pqrs_type == "sugerencia":
        return frozenset({"baja"})
    return frozenset(priority_for(situation, stake) for situation in SITUATIONS for stake in STAKES_BY_TYPE[pqrs_type])
