"""Printable invitation letters: one A4 page per code, with the short link and its QR code.

The letters use the PDF core font Helvetica (no font file to ship, no embedding) with
Windows-1252 text, which covers German (ä ö ü ß, „ “ – €). Characters outside it print as
"?" rather than failing the whole download. Letters are German whatever the language of
the staff member who prints them: they go to residents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

LEFT, RIGHT, WIDTH = 25.0, 20.0, 210.0  # DIN 5008 margins, A4 in mm
TEXT_WIDTH = WIDTH - LEFT - RIGHT
QR_SIZE = 40.0
INK = (20, 20, 20)
GREY = (90, 90, 90)
TINT = (238, 243, 248)


@dataclass(frozen=True)
class Letter:
    town: str
    sender: str  # the town's postal address on one line, may be empty
    contact: str  # e-mail and phone for questions, may be empty
    title: str
    minutes: int
    closes_on: str  # "31. Mai 2026", or "" when the survey has no end date
    url: str
    code: str  # as printed, "K7QM-4TZP"


def _text(value: str) -> str:
    """Only what the core fonts can print; anything else becomes "?"."""
    return value.encode("cp1252", "replace").decode("cp1252")


def _shown_url(url: str) -> str:
    """Browsers add https:// themselves; fewer characters to type from paper."""
    return url.removeprefix("https://")


def _body(letter: Letter) -> list[str]:
    town = letter.town
    paragraphs = [
        "Guten Tag,",
        f"{town} möchte wissen, was Sie denken. Dafür laden wir eine zufällige Auswahl "
        "von Einwohnerinnen und Einwohnern zu einer Befragung ein – und Sie gehören dazu. "
        "Ihre Antworten helfen uns, gute Entscheidungen für unsere Stadt zu treffen.",
        f"Die Teilnahme dauert etwa {letter.minutes} Minuten. Sie ist freiwillig und anonym: "
        "Ihre Antworten werden ohne Namen und Adresse gespeichert. Der Code gilt für eine "
        "Teilnahme.",
    ]
    if letter.closes_on:
        paragraphs.append(f"Bitte machen Sie bis zum {letter.closes_on} mit.")
    return paragraphs


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles: sharp at any print size, no image to embed."""
    matrix = segno.make(url, error="m", micro=False).matrix
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        start = None
        for column, dark in enumerate([*cells, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                # A hair taller than a module, so no white lines appear between rows.
                pdf.rect(
                    x + start * module,
                    y + row * module,
                    (column - start) * module,
                    module + 0.02,
                    style="F",
                )
                start = None


class _Wrapper:
    """Line breaks of texts that repeat on every letter, computed once per document:
    wrapping is most of fpdf2's time per page."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.cache: dict[tuple[str, str, float, float, str], list[str]] = {}

    def paragraph(self, text: str, width: float, height: float) -> None:
        pdf = self.pdf
        key = (pdf.font_family, str(pdf.font_style), pdf.font_size_pt, width, text)
        lines = self.cache.get(key)
        if lines is None:
            wrapped = pdf.multi_cell(
                width, height, _text(text), dry_run=True, output=MethodReturnValue.LINES
            )
            assert isinstance(wrapped, list)
            # fpdf2 hands back its internal form (bytes as latin-1): back to real text.
            lines = [str(line).encode("latin-1").decode("cp1252") for line in wrapped]
            self.cache[key] = lines
        for line in lines:
            pdf.cell(width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fitting_size(pdf: FPDF, text: str, width: float, largest: float, smallest: float) -> float:
    size = largest
    while size > smallest:
        pdf.set_font_size(size)
        if pdf.get_string_width(text) <= width:
            break
        size -= 0.5
    return size


def _line(pdf: FPDF, width: float, height: float, text: str) -> None:
    pdf.cell(width, height, _text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _letter_page(wrap: _Wrapper, letter: Letter) -> None:
    pdf = wrap.pdf
    pdf.add_page()
    pdf.set_text_color(*INK)
    # Sender
    pdf.set_xy(LEFT, 18)
    pdf.set_font("helvetica", "B", 16)
    _line(pdf, TEXT_WIDTH, 8, letter.town)
    if letter.sender:
        pdf.set_font("helvetica", "", 9)
        pdf.set_text_color(*GREY)
        _line(pdf, TEXT_WIDTH, 5, letter.sender)
    pdf.set_draw_color(*GREY)
    pdf.line(LEFT, 34, WIDTH - RIGHT, 34)
    # Title and text
    pdf.set_xy(LEFT, 44)
    pdf.set_font("helvetica", "", 11)
    _line(pdf, TEXT_WIDTH, 6, "Einladung zur Befragung")
    pdf.set_text_color(*INK)
    pdf.set_font("helvetica", "B", 20)
    wrap.paragraph(letter.title, TEXT_WIDTH, 9)
    pdf.ln(5)
    pdf.set_font("helvetica", "", 11.5)
    for paragraph in _body(letter):
        wrap.paragraph(paragraph, TEXT_WIDTH, 6)
        pdf.ln(3)
    bottom = _how_to_box(wrap, letter, max(pdf.get_y() + 4, 130))
    # Closing
    pdf.set_xy(LEFT, bottom + 8)
    pdf.set_font("helvetica", "", 11.5)
    for text in ("Vielen Dank, dass Sie mitmachen!", "", "Mit freundlichen Grüßen", letter.town):
        _line(pdf, TEXT_WIDTH, 6, text)
    if letter.contact:
        pdf.set_xy(LEFT, 280)
        pdf.set_font("helvetica", "", 9)
        pdf.set_text_color(*GREY)
        _line(pdf, TEXT_WIDTH, 5, f"Fragen zur Befragung? {letter.contact}")


def _how_to_box(wrap: _Wrapper, letter: Letter, top: float) -> float:
    pdf = wrap.pdf
    height = QR_SIZE + 42
    pdf.set_fill_color(*TINT)
    pdf.rect(LEFT - 4, top, TEXT_WIDTH + 8, height, style="F")
    pdf.set_xy(LEFT, top + 5)
    pdf.set_font("helvetica", "B", 12)
    _line(pdf, TEXT_WIDTH, 6, "So machen Sie mit:")
    pdf.set_font("helvetica", "", 11)
    _line(pdf, TEXT_WIDTH, 6, "Geben Sie diese Adresse in Ihren Browser ein:")
    url = _shown_url(letter.url)
    pdf.set_font("helvetica", "B")
    size = _fitting_size(pdf, _text(url), TEXT_WIDTH, 22, 10)
    _line(pdf, TEXT_WIDTH, size * 0.5, url)
    row = pdf.get_y() + 4
    left_width = TEXT_WIDTH - QR_SIZE - 8
    pdf.set_xy(LEFT, row)
    pdf.set_font("helvetica", "", 11)
    _line(pdf, left_width, 6, "Ihr persönlicher Code:")
    pdf.set_font("courier", "B", 26)
    _line(pdf, left_width, 12, letter.code)
    pdf.set_font("helvetica", "", 11)
    pdf.ln(2)
    wrap.paragraph(
        "Oder scannen Sie den QR-Code mit der Kamera Ihres Smartphones.", left_width, 5.5
    )
    # White behind the QR code: scanners need a quiet zone around it.
    quiet = 4.0
    pdf.set_fill_color(255, 255, 255)
    qr_x, qr_y = WIDTH - RIGHT - QR_SIZE, row + 1
    pdf.rect(qr_x - quiet, qr_y - quiet, QR_SIZE + 2 * quiet, QR_SIZE + 2 * quiet, style="F")
    _qr(pdf, letter.url, qr_x, qr_y, QR_SIZE)
    return top + height


def render_letters(letters: Sequence[Letter], *, title: str, author: str) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, 15, RIGHT)
    pdf.set_title(_text(f"Einladungen: {title}"))
    pdf.set_author(_text(author))
    pdf.set_creator("Beteiligung")
    pdf.set_lang("de")
    wrap = _Wrapper(pdf)
    for letter in letters:
        _letter_page(wrap, letter)
    return bytes(pdf.output())
