"""The ceiling for bench/pages.py: bare Litestar + Jinja, one page, no database, no middleware.

It renders a page of about the same size as the town page, so the ratio town/ceiling shows what
our middleware, session store, database lookup and thread hop cost on top of the framework.

    python bench/ceiling_app.py --port 8001 --html-bytes 3051 --template-dir /tmp/ceiling
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import uvicorn
from jinja2 import Environment
from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

TEMPLATE_NAME = "ceiling.html"

# A skeleton like templates/base.html: a loop, escaped variables and static text.
HEAD = """<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }} – {{ town }} – Beteiligung</title>
  <link rel="stylesheet" href="/static/css/app.css?v={{ version }}">
  <script src="/static/vendor/htmx.min.js?v={{ version }}" defer></script>
</head>
<body>
  <header class="site-header"><p class="brand">{{ town }} Beteiligung</p></header>
  <main id="inhalt" class="wrap">
    <h1>Beteiligung in {{ town }}</h1>
    <dl class="facts">
    {% for label, value in facts %}
      <dt>{{ label }}</dt><dd>{{ value }}</dd>
    {% endfor %}
    </dl>
"""
TAIL = """  </main>
  <footer class="site-footer"><p>{{ town }}</p></footer>
</body>
</html>
"""
FILLER = (
    "Sagen Sie uns, wie Sie arbeiten und pendeln, und bringen Sie Ihre Ideen fuer Coworking, "
    "die Innenstadt und leere Laeden ein. "
)
CONTEXT: dict[str, Any] = {
    "title": "Start",
    "town": "Mölln",
    "version": "0123456789",
    "facts": [
        ("Bundesland", "Schleswig-Holstein"),
        ("Gemeindeschlüssel", "01053090"),
        ("E-Mail", "beteiligung@moelln.example"),
        ("Telefon", "04542 803-0"),
        ("Anschrift", "Wasserkrüger Weg 16, 23879 Mölln"),
    ],
}


def _configure(env: Environment) -> None:
    # The same whitespace handling as the app (src/beteiligung/app.py).
    env.trim_blocks = True
    env.lstrip_blocks = True


def _render(source: str) -> bytes:
    env = Environment(autoescape=True)
    _configure(env)
    return env.from_string(source).render(CONTEXT).encode()


def build_template(html_bytes: int) -> str:
    """A template whose rendered page has `html_bytes` bytes (or the skeleton's size if larger)."""
    skeleton = _render(HEAD + TAIL)
    paragraph_overhead = len("    <p></p>\n")
    missing = html_bytes - len(skeleton) - paragraph_overhead
    paragraphs = ""
    if missing > 0:
        text = (FILLER * (missing // len(FILLER) + 1))[:missing]
        paragraphs = f"    <p>{text}</p>\n"
    return HEAD + paragraphs + TAIL


def create_app(template_dir: Path) -> Litestar:
    @get("/", sync_to_thread=False)
    async def page() -> Template:
        return Template(template_name=TEMPLATE_NAME, context=CONTEXT)

    return Litestar(
        route_handlers=[page],
        template_config=TemplateConfig(
            directory=template_dir,
            engine=JinjaTemplateEngine,
            engine_callback=lambda engine: _configure(engine.engine),
        ),
        openapi_config=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--html-bytes", type=int, required=True)
    parser.add_argument("--template-dir", type=Path, required=True)
    args = parser.parse_args()

    args.template_dir.mkdir(parents=True, exist_ok=True)
    (args.template_dir / TEMPLATE_NAME).write_text(build_template(args.html_bytes), "utf-8")

    # The same server options as `beteiligung serve` (src/beteiligung/cli.py).
    uvicorn.run(
        create_app(args.template_dir),
        host="127.0.0.1",
        port=args.port,
        loop="asyncio",
        access_log=False,
        proxy_headers=False,
        server_header=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
