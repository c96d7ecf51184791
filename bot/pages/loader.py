"""Where each page's template comes from: the admin's folder, else kmbot's default.

The choice is made file by file (a Jinja2 ChoiceLoader), so an admin can replace one page
and keep the other, or replace base.html, the layout both defaults extend. The web side
(aiohttp-jinja2, the routes) is the composition root's: bot/bootstrap.py.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from bot.settings import SettingsError

DEFAULTS = Path(__file__).parent / "templates"
PAGES = ("privacy", "terms")  # served at /privacy and /terms, from privacy.html and terms.html


def page_loader(folder: str = "", *shipped: Path) -> jinja2.BaseLoader:
    """The admin's folder first (KMBOT_PAGES_DIR, when set), then the shipped defaults (and
    other shipped folders, such as the dashboard's, whose pages extend base.html)."""
    admins = [jinja2.FileSystemLoader(folder)] if folder else []
    return jinja2.ChoiceLoader([*admins, jinja2.FileSystemLoader([DEFAULTS, *shipped])])


def check_pages(environment: jinja2.Environment, others: tuple[str, ...] = ()) -> None:
    """Compile every page (and `others`) now; SettingsError naming the file and line of a
    broken one, so `kmbot serve` says so at start instead of answering a visitor with a 500."""
    for page in (*PAGES, *others):
        try:
            environment.get_template(page if page.endswith(".html") else f"{page}.html")
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name}, line {exc.lineno}"
            raise SettingsError(f"invalid page template ({where}): {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise SettingsError(f"invalid page template ({page}.html): {exc.message}") from None
