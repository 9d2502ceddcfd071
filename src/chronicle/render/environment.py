"""The Jinja environment: autoescape everywhere, StrictUndefined, errors with file and line."""

from __future__ import annotations

from pathlib import Path

import jinja2

from chronicle.core.diagnostics import Diagnostic


def make_environment(templates: Path) -> jinja2.Environment:
    """Compiled templates are kept like `.pyc` files (per-user temp folder, keyed by the template's own text),

    so a build skips Jinja's compiler (~100 ms) unless a template changed; pages are rendered anew every time.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_diagnostic(err: Exception, templates: Path, page: str) -> Diagnostic:
    """A template error as a diagnostic pointing into the template file."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        name = err.filename or err.name or "?"
        return Diagnostic(
            "error",
            "TPL001",
            _rel(name, templates),
            err.lineno or 0,
            f"template syntax error: {err.message}",
            "fix the Jinja syntax at this line",
        )
    if isinstance(err, jinja2.TemplateNotFound):
        return Diagnostic("error", "TPL003", "templates/", 0, f"template not found: {err.name}", f"create templates/{err.name}")
    line, name = _template_frame(err)
    return Diagnostic(
        "error",
        "TPL002",
        _rel(name, templates) if name else "templates/",
        line,
        f"{type(err).__name__} while rendering {page}: {err}",
        "check the variable name in the template; templates run with StrictUndefined",
    )


def _template_frame(err: Exception) -> tuple[int, str]:
    tb = err.__traceback__
    found = (0, "")
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".html") or "template" in code.co_name:
            if code.co_filename.endswith(".html"):
                found = (tb.tb_lineno, code.co_filename)
        tb = tb.tb_next
    return found


def _rel(name: str, templates: Path) -> str:
    path = Path(name)
    try:
        return str(Path("templates") / path.resolve().relative_to(templates.resolve()))
    except (ValueError, OSError):
        return f"templates/{name}" if not path.is_absolute() else name
