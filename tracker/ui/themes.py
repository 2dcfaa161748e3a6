"""Themes as data: tracker's bundled TOML files and the user's own, strictly checked.

A theme file holds the fields of :class:`textual.theme.Theme` at the top level
and a ``[variables]`` table for tracker's own colours (``card-overdue``,
``heat-kept``, ...) and any of Textual's variables:

```toml
name = "my-theme"            # required; `tracker --theme my-theme` or the palette picks it
primary = "dodgerblue"       # required, like every Textual theme; any Textual colour
error = "crimson"            # secondary, warning, error, success, accent, foreground,
dark = true                  #  background, surface, panel, boost; dark, ansi (booleans);
                             #  luminosity_spread, text_alpha (0 to 1)
[variables]
card-overdue = "ansi_red"    # anything left out is derived from the colours above
```

Bundled themes ship in the wheel as the package ``tracker.themes`` (the
top-level ``themes/`` folder of the source tree, used directly when running
from a checkout). User themes are ``<config dir>/themes/*.toml``; a user theme
with a bundled theme's name replaces it. Nothing is half-loaded: a file with
any problem is left out, and every problem of every file is collected so the
app can report them all in one notification.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from tracker.domain.text import visible
from tracker.domain.words import plural

DEFAULT_THEME = "tracker-dark"
"""The theme used when the config names none."""

ANSI_THEME = "tracker-ansi"
"""Used when no theme is chosen and the terminal has only 16 colours."""

FALLBACK_THEME = "textual-dark"
"""Used only if the default theme itself cannot be loaded."""

APP_VARIABLES: dict[str, tuple[str, str]] = {
    "card-overdue": ("error", ""),
    "card-past-target": ("warning", ""),
    "card-due-today": ("accent", ""),
    "card-on-track": ("success", ""),
    "card-none": ("text-muted", ""),
    "card-cursor": ("accent", "30%"),
    "card-cursor-dim": ("boost", ""),
    "streak-hot": ("warning", ""),
    "streak-kept": ("success", ""),
    "heat-kept": ("success", ""),
    "heat-missed": ("error", ""),
    "heat-frozen": ("primary", ""),
    "heat-vacation": ("secondary", ""),
    "heat-pending": ("warning", ""),
}
"""tracker's own theme variables: the Textual colour each defaults to, and an opacity."""

COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
"""Theme fields holding a colour."""

FIELDS = ("name", *COLOUR_FIELDS, "dark", "ansi", "luminosity_spread", "text_alpha", "variables")
"""Every key a theme file may have at the top level."""


@cache
def _textual_variables() -> frozenset[str]:
    """The variables Textual's themes define (built when a theme file names one: generating
    a colour system costs a few milliseconds the board's start-up need not pay)."""
    return frozenset(BUILTIN_THEMES["textual-dark"].to_color_system().generate()).union(
        *(theme.variables for theme in BUILTIN_THEMES.values())
    )


_STYLE_WORDS = frozenset(
    {
        "none",
        "not",
        "bold",
        "b",
        "dim",
        "d",
        "italic",
        "i",
        "underline",
        "u",
        "reverse",
        "r",
        "strike",
        "s",
        "blink",
        "underline2",
        "uu",
        "overline",
        "o",
    }
)
_PERCENT = re.compile(r"^\d{1,3}(\.\d+)?%$")


@dataclass(frozen=True)
class ThemeFile:
    """A theme that loaded cleanly, and where it came from."""

    theme: Theme
    origin: str
    """``"bundled"`` or ``"user"``."""
    path: Path


@dataclass(frozen=True)
class ThemeProblem:
    """Why one file could not be used."""

    path: Path
    problems: tuple[str, ...]
    name: str | None = None
    """The theme name the file gives, when it could be read (else None)."""

    def __str__(self) -> str:
        return f"{self.path}: {'; '.join(self.problems)}."


@dataclass
class ThemeCatalog:
    """Every theme tracker can offer, and every file it had to leave out."""

    themes: dict[str, ThemeFile] = field(default_factory=dict)
    """Loaded theme files by name (tracker's and the user's; not Textual's built-ins)."""
    problems: list[ThemeProblem] = field(default_factory=list)
    replaced: dict[str, ThemeFile] = field(default_factory=dict)
    """Bundled themes replaced by a user theme of the same name."""
    bundled_dir: Path | None = None

    @property
    def names(self) -> list[str]:
        """Every selectable theme name: ours first, then Textual's built-ins."""
        ours = sorted(self.themes)
        return ours + sorted(name for name in BUILTIN_THEMES if name not in self.themes)

    def is_available(self, name: str) -> bool:
        return name in self.themes or name in BUILTIN_THEMES

    def is_broken(self, name: str) -> bool:
        """True when ``name`` is only known from a file that failed to load."""
        return not self.is_available(name) and any(
            name in (problem.name, problem.path.stem) for problem in self.problems
        )

    def default(self) -> str:
        return DEFAULT_THEME if DEFAULT_THEME in self.themes else FALLBACK_THEME

    def notification(self) -> str:
        """All problems, one line per file, for a single notification."""
        count = len(self.problems)
        head = f"{plural(count, 'theme file')} could not be loaded and {'was' if count == 1 else 'were'} skipped:"
        return "\n".join([head, *(f"• {problem}" for problem in self.problems)])

    def unknown_message(self, name: str, where: str) -> str:
        """One sentence for a theme name that names no theme."""
        return f"there is no theme called {name!r} ({where}); available themes: {', '.join(self.names)}."


def bundled_dir() -> Path | None:
    """The bundled themes: the installed package ``tracker.themes``, else the checkout's ``themes/``."""
    # find_spec, not importlib.resources.files: that imports zipfile and more
    # (about 3 ms of the board's start-up), and the themes are plain files.
    from importlib.util import find_spec

    try:
        spec = find_spec("tracker.themes")
    except (ModuleNotFoundError, ValueError):
        spec = None
    locations = spec.submodule_search_locations if spec is not None else None
    for folder in locations or ():
        installed = Path(folder)
        if installed.is_dir():
            return installed
    source = Path(__file__).resolve().parents[2] / "themes"
    return source if source.is_dir() else None


def load_catalog(config_dir: Path | None, bundled: Path | None = None) -> ThemeCatalog:
    """Read the bundled themes, then ``config_dir/themes/*.toml`` over them."""
    catalog = ThemeCatalog(bundled_dir=bundled if bundled is not None else bundled_dir())
    if catalog.bundled_dir is not None:
        _load_folder(catalog, catalog.bundled_dir, "bundled")
    if config_dir is not None:
        _load_folder(catalog, config_dir / "themes", "user")
    return catalog


def _load_folder(catalog: ThemeCatalog, folder: Path, origin: str) -> None:
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError:
        return
    seen: dict[str, Path] = {}
    for path in paths:
        theme, problem = load_file(path)
        if problem is not None:
            catalog.problems.append(problem)
            continue
        assert theme is not None
        if theme.name in seen:
            catalog.problems.append(
                ThemeProblem(
                    path,
                    (
                        f"the theme {theme.name!r} is already defined in {seen[theme.name]}; rename one",
                    ),
                    theme.name,
                )
            )
            continue
        seen[theme.name] = path
        previous = catalog.themes.get(theme.name)
        if previous is not None and previous.origin == "bundled":
            catalog.replaced[theme.name] = previous
        catalog.themes[theme.name] = ThemeFile(theme, origin, path)


def load_file(path: Path) -> tuple[Theme | None, ThemeProblem | None]:
    """One theme file: the theme, or every problem with it."""
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        return None, ThemeProblem(path, (f"cannot be read ({error.strerror})",))
    except UnicodeDecodeError:
        return None, ThemeProblem(path, ("is not UTF-8 text",))
    except tomllib.TOMLDecodeError as error:
        return None, ThemeProblem(path, (f"is not valid TOML ({error})",))
    problems = check(doc)
    name = doc.get("name") if isinstance(doc.get("name"), str) else None
    if problems:
        return None, ThemeProblem(path, tuple(problems), name)
    return Theme(**doc), None


def check(doc: dict[str, Any]) -> list[str]:
    """Every problem with a parsed theme file (an empty list: it is a good theme)."""
    problems = []
    for key in doc:
        if key not in FIELDS:
            problems.append(f"unknown key {key!r} (known: {', '.join(FIELDS)})")
    name = doc.get("name")
    if name is None:
        problems.append('no name (add name = "my-theme")')
    elif (
        not isinstance(name, str)
        or not name.strip()
        or name != name.strip()
        or "," in name
        or visible(name) != name  # no control character: the palette lists the names
    ):
        problems.append(f'name must be a word like "my-theme", not {name!r}')
    if "primary" not in doc:
        problems.append(
            'no primary colour (add primary = "dodgerblue", a hex code or an ansi_ colour)'
        )
    for key in COLOUR_FIELDS:
        if key in doc and not _is_colour(doc[key]):
            problems.append(f"{key} = {doc[key]!r} is not a colour")
    for key in ("dark", "ansi"):
        if key in doc and not isinstance(doc[key], bool):
            problems.append(f"{key} must be true or false, not {doc[key]!r}")
    for key in ("luminosity_spread", "text_alpha"):
        value = doc.get(key)
        if key in doc and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1
        ):
            problems.append(f"{key} must be a number from 0 to 1, not {value!r}")
    variables = doc.get("variables", {})
    if not isinstance(variables, dict):
        problems.append("variables must be a table ([variables])")
    else:
        for var, value in variables.items():
            problem = _variable_problem(var, value)
            if problem:
                problems.append(problem)
    return problems


def _is_colour(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def _variable_problem(var: str, value: Any) -> str | None:
    if var not in APP_VARIABLES and var not in _textual_variables():
        return (
            f"unknown variable {var!r} (tracker's: {', '.join(APP_VARIABLES)}; or one of Textual's)"
        )
    if not isinstance(value, str):
        return f"variable {var} = {value!r} must be a string"
    words = value.split()
    if var.endswith(("text-style", "link-style", "link-style-hover")):
        if words and all(word in _STYLE_WORDS for word in words):
            return None
        return f'variable {var} = {value!r} is not a text style (like "bold" or "none")'
    if (
        1 <= len(words) <= 2
        and (words[0] == "auto" or _is_colour(words[0]))
        and (len(words) == 1 or _PERCENT.match(words[1]))
    ):
        return None
    return (
        f'variable {var} = {value!r} is not a colour (like a hex code, "ansi_red" or "crimson 30%")'
    )


def variable_defaults(theme: Theme) -> dict[str, str]:
    """tracker's variables derived from ``theme``'s own colours (the theme may override each)."""
    generated = theme.to_color_system().generate()
    return {
        name: f"{generated[source]} {alpha}" if alpha else generated[source]
        for name, (source, alpha) in APP_VARIABLES.items()
    }
