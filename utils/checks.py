"""Self-check exercises: specific feedback, hints and solutions, with answers kept out of sight.

An :class:`Exercise` knows how to *compute* its answer from the course data (``solve``), so the
answer is never typed into a notebook and cannot drift from the data. ``check(answer)`` gives
specific feedback: within tolerance, off by a unit factor (millions vs billions, percent vs
fraction), a known wrong answer recognised and explained, or simply too high / too low.

Exercises are registered in each topic's ``utils/<topic>/exercises.py`` and fetched by id::

    from utils import checks
    ex = checks.exercise("00.china-share-fy2025")
    ex                      # shows the question
    ex.check(answer)        # feedback
    ex.hint()               # next hint
    ex.solution()           # the answer and the code that computes it
"""

from __future__ import annotations

import importlib
import inspect
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .i18n import N_, _
from .text import FONT_STACK, html_text

__all__ = ["Exercise", "Mistake", "Feedback", "exercise", "all_exercises", "register"]

_REGISTRY: dict[str, Exercise] = {}

#: Unit slips recognised for numeric answers: (factor, explanation).
UNIT_SLIPS = [
    (
        100.0,
        N_(
            "That is 100 times the answer: did you give a percentage where a fraction was asked "
            "(or the other way round)?"
        ),
    ),
    (0.01, N_("That is 1/100 of the answer: did you give a fraction where a percentage was asked?")),
    (1000.0, N_("That is 1,000 times the answer: check the unit (millions vs billions, GB vs TB).")),
    (0.001, N_("That is 1/1,000 of the answer: check the unit (billions vs millions, TB vs GB).")),
    (1e6, N_("That is a million times the answer: check the unit.")),
    (1e-6, N_("That is a millionth of the answer: check the unit.")),
]


@dataclass
class Mistake:
    """A common wrong answer and what it reveals."""

    value: Any  # a value, or a function computing it from the data (evaluated when checking)
    explanation: str
    tolerance: float | None = None  # relative; defaults to the exercise's tolerance


@dataclass
class Feedback:
    """What ``check`` found. ``correct`` is True/False (None when no answer was given)."""

    correct: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.correct)

    def _repr_html_(self) -> str:
        colour = {True: "#1b7a3d", False: "#8a3c00", None: "#555555"}[self.correct]
        mark = {True: "✔", False: "✘", None: "…"}[self.correct]
        return (
            f"<div style='color:{colour};font-weight:500;font-family:{FONT_STACK}'>"
            f"{mark} {html_text(self.message)}</div>"
        )

    def __repr__(self) -> str:
        mark = {True: _("Correct"), False: _("Not yet"), None: _("No answer")}[self.correct]
        return f"{mark}: {self.message}"


@dataclass
class Exercise:
    """One exercise with a computed answer.

    ``kind`` is ``"number"`` (relative ``tolerance``), ``"choice"`` (answer must equal one of
    ``choices``, case-insensitive) or ``"set"`` (an unordered collection of choices).

    ``question``, ``explanation`` and each hint may be a string or a function returning one:
    texts that quote figures from the tables are functions, so they are built when shown and a
    figure edited in ``data/`` shows up in them at once (the course's one cache rule).
    """

    id: str
    question: str
    solve: Callable[[], Any]
    kind: str = "number"
    unit: str = ""
    tolerance: float = 0.01
    choices: tuple = ()
    mistakes: list[Mistake] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    explanation: str = ""
    _hint_index: int = field(default=0, repr=False)

    def __post_init__(self):
        if self.kind not in ("number", "choice", "set"):
            raise ValueError(f"Exercise {self.id}: kind must be number, choice or set")

    # ------------------------------------------------------------------ texts
    @property
    def question_text(self) -> str:
        return _text(self.question)

    @property
    def explanation_text(self) -> str:
        return _text(self.explanation)

    @property
    def hint_texts(self) -> list[str]:
        hints = self.hints() if callable(self.hints) else self.hints
        return [_text(h) for h in hints]

    # ------------------------------------------------------------------ answer
    def answer(self):
        """The correct answer, computed from the course data."""
        return self.solve()

    def _close(self, a: float, b: float, tol: float) -> bool:
        if b == 0:
            return abs(a) <= tol
        return abs(a - b) <= tol * abs(b)

    def check(self, answer) -> Feedback:
        """Feedback on a student's answer (``None`` means not answered yet)."""
        if answer is None or answer is Ellipsis:
            return Feedback(None, _("No answer yet: replace None with your answer and run the cell."))
        expected = self.answer()
        if self.kind == "number":
            return self._check_number(answer, expected)
        if self.kind == "choice":
            return self._check_choice(answer, expected)
        return self._check_set(answer, expected)

    def _check_number(self, answer, expected) -> Feedback:
        answer, problem = _as_number(answer, self._unit_phrase())
        if problem:
            return Feedback(False, problem)
        if math.isnan(answer) or math.isinf(answer):
            return Feedback(False, _("That is not a finite number: check your calculation."))
        if self._close(answer, expected, self.tolerance):
            return Feedback(
                True,
                _("Correct: {answer}{unit}. ").format(answer=self._fmt(expected), unit=self._unit_hint())
                + self.explanation_text,
            )
        for m in self.mistakes:
            tol = m.tolerance if m.tolerance is not None else self.tolerance
            value = m.value() if callable(m.value) else m.value
            if isinstance(value, (int, float)) and self._close(answer, float(value), tol):
                return Feedback(False, _text(m.explanation))
        for factor, text in UNIT_SLIPS:
            if self._close(answer, expected * factor, self.tolerance):
                return Feedback(False, _(text))
        gap = abs(answer - expected) / abs(expected) if expected else float("inf")
        if answer > expected:
            text = (
                _("Not quite: close, but your answer is too high. Try hint() if you are stuck.")
                if gap < 0.1
                else _("Not quite: your answer is too high. Try hint() if you are stuck.")
            )
        else:
            text = (
                _("Not quite: close, but your answer is too low. Try hint() if you are stuck.")
                if gap < 0.1
                else _("Not quite: your answer is too low. Try hint() if you are stuck.")
            )
        return Feedback(False, text)

    def _check_choice(self, answer, expected) -> Feedback:
        norm = str(answer).strip().lower()
        if self.choices and norm not in {str(c).lower() for c in self.choices}:
            return Feedback(
                False, _("Choose one of: {choices}.").format(choices=", ".join(map(str, self.choices)))
            )
        if norm == str(expected).strip().lower():
            return Feedback(True, _("Correct. ") + self.explanation_text)
        for m in self.mistakes:
            value = m.value() if callable(m.value) else m.value
            if norm == str(value).strip().lower():
                return Feedback(False, _text(m.explanation))
        return Feedback(False, _("Not this one. Try hint() if you are stuck."))

    def _check_set(self, answer, expected) -> Feedback:
        if isinstance(answer, str):
            answer = [a for a in (p.strip() for p in answer.split(",")) if a]
        try:
            got = {str(a).strip().lower() for a in answer}
        except TypeError:
            return Feedback(False, _("Answer with a list of names, e.g. ['A100', 'H100']."))
        want = {str(a).strip().lower() for a in expected}
        if got == want:
            return Feedback(True, _("Correct. ") + self.explanation_text)
        missing, extra = want - got, got - want
        parts = []
        if missing:
            parts.append(_("{n} missing").format(n=len(missing)))
        if extra:
            parts.append(_("{n} that should not be there").format(n=len(extra)))
        return Feedback(False, _("Not yet: {problems}.").format(problems=_(" and ").join(parts)))

    # ------------------------------------------------------------------ help
    def hint(self) -> str:
        """The next hint (cycles through the list)."""
        hints = self.hint_texts
        if not hints:
            text = _("No hint for this one: re-read the section above.")
        else:
            text = hints[min(self._hint_index, len(hints) - 1)]
            self._hint_index += 1
        print(_("Hint: {text}").format(text=text))
        return text

    def solution(self) -> Any:
        """Print the answer and the code that computes it from the course data; return it."""
        value = self.answer()
        try:
            code = textwrap.dedent(inspect.getsource(self.solve))
        except (OSError, TypeError):
            code = _("(source not available)")
        print(_("Answer: {answer}{unit}").format(answer=self._fmt(value), unit=self._unit_hint()))
        if self.explanation_text:
            print(self.explanation_text)
        print("\n" + _("How it is computed:") + "\n" + code)
        return value

    # ------------------------------------------------------------------ display
    def _fmt(self, value) -> str:
        if isinstance(value, float):
            return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:.4g}"
        if isinstance(value, (list, tuple, set, frozenset)):
            return ", ".join(map(str, sorted(value)))
        return str(value)

    def _unit_phrase(self) -> str:
        """ " (in %)" for the messages that ask for a number again ("" without a unit)."""
        return _(" (in {unit})").format(unit=_(self.unit)) if self.unit else ""

    def _unit_hint(self) -> str:
        return f" {_(self.unit)}" if self.unit else ""

    def show(self):
        from IPython.display import HTML, display

        display(HTML(self._repr_html_()))

    def _repr_html_(self) -> str:
        unit = _(" <i>(answer in {unit})</i>").format(unit=html_text(_(self.unit))) if self.unit else ""
        choices = ""
        if self.choices:
            choices = _("<br>Choices: ") + ", ".join(
                f"<code>{html_text(str(c))}</code>" for c in self.choices
            )
        return (
            f"<div style='border-left:4px solid #0072B2;padding:0.3em 0.8em;font-family:{FONT_STACK}'>"
            + _("<b>Exercise {id}</b>: {question}").format(
                id=html_text(self.id), question=html_text(self.question_text)
            )
            + f"{unit}{choices}<br><small>"
            + _("Check with <code>ex.check(answer)</code>; <code>ex.hint()</code> for a hint.")
            + "</small></div>"
        )

    def __repr__(self) -> str:
        return f"Exercise {self.id}: {self.question_text}"


def _as_number(answer, unit_hint: str = "") -> tuple[float | None, str]:
    """A student's numeric answer as a float, or (None, what to fix). Text such as "1,234",
    "12%" or "$5.6" is read as a number; a one-element list, array or Series is unwrapped (a
    pandas calculation often gives one); anything else gets a message, never a traceback."""
    if isinstance(answer, str):
        text = answer.replace(",", "").replace("_", "").replace("%", "").replace("$", "").strip()
        text = text.replace("−", "-")  # a typographic minus sign
        try:
            answer = float(text)
        except ValueError:
            return None, _("Please answer with a number{unit}, not the text {text}.").format(
                unit=unit_hint, text=f"{answer!r:.40}"
            )
    elif isinstance(answer, (list, tuple)) or getattr(answer, "ndim", 0):  # not 0-d numpy scalars
        try:
            import numpy as np

            flat = np.asarray(answer, dtype=object).ravel()
        except Exception:  # noqa: BLE001
            flat = None
        if flat is None or len(flat) != 1:
            n = _("several values") if flat is not None and len(flat) > 1 else _("no single value")
            return None, _(
                "Please answer with one number{unit}: this holds {what}. Pick the "
                "one the question asks for (for example with .iloc[0] or [0])."
            ).format(unit=unit_hint, what=n)
        return _as_number(flat[0], unit_hint)
    if isinstance(answer, bool) or not (isinstance(answer, (int, float)) or hasattr(answer, "__float__")):
        return None, _("Please answer with a number{unit}.").format(unit=unit_hint)
    try:
        value = float(answer)
    except (TypeError, ValueError, OverflowError):
        return None, _("Please answer with a number{unit} that fits in a calculator.").format(unit=unit_hint)
    if math.isnan(value) or math.isinf(value):
        return None, _("That is not a finite number: check your calculation.")
    return value, ""


def _text(value) -> str:
    """A text that may be a function (built when shown) or a string marked with ``N_()``:
    translated into the current language (:mod:`utils.i18n`) when shown."""
    return str(value()) if callable(value) else _(str(value)) if value else ""


def register(ex: Exercise) -> Exercise:
    """Add an exercise to the registry (ids must be unique)."""
    if ex.id in _REGISTRY and _REGISTRY[ex.id] is not ex:
        raise ValueError(f"Duplicate exercise id {ex.id!r}")
    _REGISTRY[ex.id] = ex
    return ex


def _load_all() -> None:
    from .course import TOPICS

    for t in TOPICS:
        importlib.import_module(f"{t.package}.exercises")


def exercise(exercise_id: str) -> Exercise:
    """Fetch a registered exercise by id (e.g. ``"01.tpp-h100"``), with fresh hint state."""
    _load_all()
    if exercise_id not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"No exercise {exercise_id!r}. Known: {known}")
    ex = _REGISTRY[exercise_id]
    ex._hint_index = 0
    return ex


def all_exercises() -> dict[str, Exercise]:
    """Every registered exercise, by id."""
    _load_all()
    return dict(_REGISTRY)
