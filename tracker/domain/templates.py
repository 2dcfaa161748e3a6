"""Message drafts for checklist actions: short defaults and strict placeholders.

A template is plain text with ``{placeholders}``. A line that uses
``{highlight}`` is left out when there is no highlight for that person, so
every default reads well with or without one. Likewise a line that uses
``{my_name}`` (the user's ``[profile] name``) is left out when no name is set,
and so is a comma ending the line before it: "Best regards,\n{my_name}" ends
"Best regards" when unsigned. tracker never sends anything;
drafts are copied or edited by the user.
"""

from __future__ import annotations

import msgspec

from tracker.domain.errors import DomainError

PLACEHOLDERS = (
    "first_name",
    "name",
    "company",
    "role",
    "interview_day",
    "highlight",
    "my_name",
)
"""Every placeholder a template may use."""

DEFAULTS: dict[str, str] = {
    "thank_email": (
        "Subject: Thank you, {role} interview\n\n"
        "Hi {first_name},\n\n"
        "Thank you for your time on {interview_day}. I enjoyed learning how {company} works.\n"
        "I especially liked talking about {highlight}.\n"
        "It made me even keener on the {role} role. Happy to send anything else you need.\n\n"
        "Best regards,\n{my_name}"
    ),
    "thank_note": (
        "Dear {first_name},\n\n"
        "Thank you for meeting me on {interview_day}.\n"
        "Our conversation about {highlight} stayed with me.\n"
        "I hope to work with you at {company}.\n\n"
        "Warmly,\n{my_name}"
    ),
    "linkedin": (
        "Hi {first_name}, thank you for the {role} interview on {interview_day}. "
        "I'd be glad to stay in touch.\n"
        "I enjoyed our chat about {highlight}."
    ),
    "status_check": (
        "Subject: {role}: checking in\n\n"
        "Hi {first_name},\n\n"
        "I hope you're well. Is there any news on the {role} role since my interview on "
        "{interview_day}? I'm still very interested, and happy to help with anything you need.\n\n"
        "Thank you,\n{my_name}"
    ),
    "reply_thanks": (
        "Subject: Re: {role}\n\n"
        "Hi {first_name},\n\n"
        "Thank you for letting me know, and for the time you and the team gave me. "
        "I enjoyed meeting everyone at {company}.\n"
        "Please keep me in mind for future roles; I'd love to be considered.\n\n"
        "Best regards,\n{my_name}"
    ),
    "ask_feedback": (
        "Hi {first_name},\n\n"
        "Thanks again for interviewing me for the {role} role. I'm working on getting better: "
        "if you had to name one thing I could have done better, what would it be?\n"
        "I enjoyed our talk about {highlight}.\n\n"
        "Thank you,\n{my_name}"
    ),
    "ask_referral": (
        "Hi {first_name},\n\n"
        "Thank you again for referring me to {company}. They went with someone else for the "
        "{role} role. Did you hear anything about why, or what tipped it? Any hint helps.\n\n"
        "Thanks a lot,\n{my_name}"
    ),
    "find_hired": "Look up who joined {company} as {role} (LinkedIn, the team page) and note their name.",
    "compare_background": (
        "Notes on {name} ({role} at {company}): background, skills, and what I could build "
        "to close the gap."
    ),
    "connect_hired": (
        "Hi {first_name}, congratulations on the {role} role at {company}! I interviewed for it "
        "too and would love to follow your work."
    ),
    "invite_coffee": (
        "Hi {first_name},\n\n"
        "I hope the first months as {role} at {company} are going well. I'd love to hear how you "
        "got there: would you have 20 minutes for a coffee or a call in the coming weeks? "
        "Happy to fit around you.\n\n"
        "Thank you,\n{my_name}"
    ),
    "nudge": (
        "Hi {first_name}, just bringing this back to the top of your inbox: "
        "20 minutes for a coffee or a call about your path to {company}? No worries if now is busy."
    ),
    "meet": (
        "Hi {first_name},\n\n"
        "Thank you for saying yes! Looking forward to our coffee or call. I'll bring a few "
        "questions about your path to {company}; let me know if anything changes on your side.\n\n"
        "See you soon"
    ),
    "thank_after_coffee": (
        "Hi {first_name},\n\n"
        "Thank you for your time and advice today. I'll follow up on what you suggested "
        "and let you know how it goes.\n\n"
        "Best,\n{my_name}"
    ),
    "check_in": (
        "Hi {first_name},\n\n"
        "It's been a while since we last spoke, and I hope all is well at {company}.\n"
        "I've been thinking about our talk about {highlight}.\n"
        "What are you working on these days? I'd be glad to hear, and happy to help "
        "if there's anything I can do.\n\n"
        "Best,\n{my_name}"
    ),
}
"""A draft for every checklist action, and for a keep-in-touch check-in (``check_in``)."""


class Context(msgspec.Struct, frozen=True):
    """What a draft can say about the person and the interview."""

    name: str = ""
    company: str = ""
    role: str = ""
    interview_day: str = ""
    highlight: str = ""
    my_name: str = ""
    """The user's own name (``[profile] name``); "" leaves the signature out."""

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else "there"


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a template uses, in order (raises ValueError on broken braces)."""
    import string  # here: a capture renders no template (about 0.3 ms at start-up)

    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


def check(text: str, where: str) -> None:
    """Raise DomainError naming ``where`` when the template has unknown or broken placeholders."""
    try:
        names = placeholders_in(text)
    except ValueError as error:
        raise DomainError(
            f"the template {where} has a broken placeholder ({error}); "
            "use {{ and }} for literal braces."
        ) from None
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        raise DomainError(
            f"the template {where} uses unknown placeholder {{{unknown[0]}}}; "
            f"known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
        )


def render(text: str, context: Context) -> str:
    """Fill a checked template; lines about a missing highlight, and the signature
    line when no name is set (with the comma ending the line before it), are dropped."""
    lines = text.split("\n")
    if not context.highlight.strip():
        lines = [line for line in lines if "{highlight}" not in line]
    if not context.my_name.strip():
        kept: list[str] = []
        for line in lines:
            if "{my_name}" not in line:
                kept.append(line)
            elif kept and kept[-1].endswith(","):
                kept[-1] = kept[-1][:-1]
        lines = kept
    values = {
        "first_name": context.first_name,
        "name": context.name or "them",
        "company": context.company,
        "role": context.role,
        "interview_day": context.interview_day,
        "highlight": context.highlight.strip(),
        "my_name": context.my_name.strip(),
    }
    return "\n".join(lines).format(**values)
