"""Advice for each non-apology pattern and suggestions that name what is missing."""

from __future__ import annotations

from typing import Any

FLAG_ADVICE: dict[str, str] = {
    "conditional": (
        "Drop the 'if' or the 'anyone who may have': apologise for what happened, to the people "
        "it happened to, not for whether it hurt."
    ),
    "feelings_deflection": (
        "Apologise for what you did, not for how they feel about it or how it was taken."
    ),
    "blame_shift": "Leave their part out of your apology; talk about it another time, if at all.",
    "excuse": (
        "This reads as an excuse, or a defence of what you did, and it takes the apology back. "
        "Give the reason as something you still own ('…but that's no excuse'), or drop it."
    ),
    "minimising": "Don't size the hurt for them; acknowledge it as they experienced it.",
    "passive_voice": "Say who did it: 'I made a mistake', not 'mistakes were made'.",
    "forgiveness_pressure": "Let them take the time they need; forgiveness has no deadline.",
    "vague_commitment": "Name a concrete step and when you'll take it, not just 'I'll be better'.",
}


# What to say when regret or responsibility is missing: with what the writer did, when the
# analyser found it (``{act}``; ``{Act}`` starts a sentence), and without it.
_MISSING: tuple[tuple[str, str, str], ...] = (
    (
        "regret",
        "Say plainly that you're sorry, with no 'if': \"I'm sorry {act}.\"",
        "Say plainly that you're sorry for what you did, with no 'if' or 'but': \"I'm sorry I …\".",
    ),
    (
        "responsibility",
        "Own it without a 'but': \"{Act} — that was wrong of me, it's on me.\"",
        "Name what you did and own it, without excuses or 'but': "
        '"I was wrong to …, and that\'s on me."',
    ),
)


def shorten(s: str, limit: int = 80) -> str:
    """``s`` on one line, cut to at most ``limit`` characters with an ellipsis."""
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def suggestions_for(
    verdict: str,
    components: dict[str, dict[str, Any]],
    flags: list[dict[str, Any]],
    acts: list[str],
) -> list[str]:
    """Concrete next steps, reusing the writer's own words where we have them."""
    out: list[str] = []
    act = shorten(acts[0]) if acts else ""
    if verdict == "none":
        out.append(
            "There is no apology here yet. If you mean to apologise, name what you did and say "
            "you're sorry for it, e.g. \"I'm sorry I …\"."
        )
        return out
    for component, with_act, without_act in _MISSING:
        if not components[component]["present"]:
            out.append(
                with_act.format(act=act, Act=act[:1].upper() + act[1:]) if act else without_act
            )
    if not components["commitment"]["present"]:
        vague = [f["text"] for f in flags if f["kind"] == "vague_commitment"]
        if vague:
            out.append(
                f'"{shorten(vague[0])}" is vague: say what you will do differently and when, '
                'e.g. "From now on I will …".'
            )
        elif act:
            out.append(
                f'Say what you will do so that "{act}" doesn\'t happen again, and by when '
                '("From now on I will …").'
            )
        else:
            out.append(
                "Say what you will do to repair this or to change, concretely and with a time: "
                '"From now on I will …".'
            )
    seen: set[str] = set()
    for f in flags:
        if f["kind"] in seen:
            continue
        seen.add(f["kind"])
        out.append(f'Rethink "{shorten(f["text"], 60)}": {f["advice"]}')
    return out
