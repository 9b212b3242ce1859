"""Self-check exercises: specific feedback, hints and worked solutions, with answers kept out of sight.

An :class:`Exercise` knows how to *compute* its answer from the course data (``solve``), so the
answer is never typed into a notebook and cannot drift from the data. ``check(answer)`` compares
the answer as a teacher would:

* numbers typed as text are read ("1,234", "12%", "$5.6bn", "3.3 x 10^24", "210.02万"), and an
  answer given with a scale word is converted to the unit asked ("$1bn" for "USD millions");
* an answer that is right up to a **unit** (billions for millions, a fraction for a percentage)
  or up to a **sign** (+1.3 for an elasticity of -1.3) gets a message saying exactly that;
* a known wrong answer is recognised and explained; otherwise the message says which way the
  answer is off (for a negative answer: closer to or further from zero, never "too low" for a
  number that is only more negative);
* choices are compared ignoring case, spaces, hyphens and punctuation, with British and American
  spellings ("mislabeled" = "mislabelled") and the spellings an exercise declares (``aliases``).

Every exercise has a **level** (1: read it off a table or chart, no Python needed; 2: a
calculation, with scaffold code; 3: reasoning, some of it open-ended) and a **worked solution**
(:class:`Worked`): the reasoning written for students and code that computes the answer from the
course tables (the test suite runs that code and checks it gives the checker's answer).

Exercises are registered in each topic's ``utils/<topic>/exercises.py`` and fetched by id::

    from utils import checks
    ex = checks.exercise("00.china-share-fy2025")
    ex                      # shows the question and its level
    ex.check(answer)        # feedback
    ex.hint()               # the next hint (shown once)
    ex.solution()           # the worked solution

A short quiz per notebook, for the start of the next class, uses the same machinery::

    quiz = checks.quiz("01")        # shows the questions
    quiz.check(1, 4500)             # one answer ...
    quiz.check({1: 4500, 2: "yes"})   # ... or several; quiz.score() sums up (docs/quizzes.md)
"""

from __future__ import annotations

import difflib
import importlib
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .i18n import N_, _, language
from .text import FONT_STACK, html_text

__all__ = [
    "Exercise",
    "Mistake",
    "Feedback",
    "Worked",
    "Hint",
    "Solution",
    "Quiz",
    "LEVELS",
    "exercise",
    "all_exercises",
    "register",
    "register_quiz",
    "quiz",
    "all_quiz_questions",
]

_REGISTRY: dict[str, Exercise] = {}
_QUIZ: dict[str, Exercise] = {}

#: What each level asks of a student (shown with the exercise).
LEVELS = {
    1: N_("read it off a table or chart: no Python needed"),
    2: N_("a calculation: scaffold code is next to it"),
    3: N_("reasoning: explain or judge, with figures from the tables"),
}

#: Unit slips recognised for numeric answers whose unit says nothing more specific: (factor, text).
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

_SCALE_NAMES = {1e3: N_("thousands"), 1e6: N_("millions"), 1e9: N_("billions"), 1e12: N_("trillions")}


def _sentences(*parts: str) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    sep = "" if language() == "zh" else " "
    return sep.join(p for p in parts if p).strip()


@dataclass
class Mistake:
    """A common wrong answer and what it reveals."""

    value: Any  # a value, or a function computing it from the data (evaluated when checking)
    explanation: Any  # a string, or a function building it from the data when shown
    tolerance: float | None = None  # relative; defaults to the exercise's tolerance

    @property
    def explanation_text(self) -> str:
        return _text(self.explanation)


@dataclass
class Worked:
    """A worked solution written for students.

    ``steps``: the reasoning, one step per item (strings, or a function returning the list, so
    that steps quoting figures are built from the tables when shown). ``code``: code a student
    could run in the notebook, computing the answer from the course tables; it must set a
    variable ``answer`` (the tests run it and check it gives the checker's answer).
    ``note``: what the result means (optional; a string or a function).
    """

    steps: Any
    code: str = ""
    note: Any = ""

    def step_texts(self) -> list[str]:
        steps = self.steps() if callable(self.steps) else self.steps
        if isinstance(steps, str):
            steps = [steps]
        return [_text(s) for s in steps]

    def note_text(self) -> str:
        return _text(self.note)

    def run(self) -> dict:
        """Execute the code in a fresh namespace; returns the namespace (``answer`` in it)."""
        namespace: dict = {"__name__": "__worked__"}
        exec(compile(self.code, "<worked solution>", "exec"), namespace)  # noqa: S102 - course code
        return namespace


@dataclass
class Feedback:
    """What ``check`` found. ``correct`` is True/False (None when no answer was given, or for an
    open-ended answer, which a teacher marks: then ``submitted`` is True)."""

    correct: bool | None
    message: str
    submitted: bool = False

    def __bool__(self) -> bool:
        return bool(self.correct)

    @property
    def accepted(self) -> bool:
        """True for a correct answer, or an open-ended answer long enough to hand in."""
        return self.correct is True or self.submitted

    def _state(self) -> str:
        if self.submitted:
            return "submitted"
        return {True: "correct", False: "wrong", None: "none"}[self.correct]

    def _repr_html_(self) -> str:
        colour = {"correct": "#1b7a3d", "wrong": "#8a3c00", "none": "#555555", "submitted": "#0b5394"}
        mark = {"correct": "✔", "wrong": "✘", "none": "…", "submitted": "✎"}
        state = self._state()
        body = html_text(self.message).replace("\n", "<br>")
        return (
            f"<div style='color:{colour[state]};font-weight:500;font-family:{FONT_STACK}'>"
            f"{mark[state]} {body}</div>"
        )

    def __repr__(self) -> str:
        label = {
            "correct": _("Correct"),
            "wrong": _("Not yet"),
            "none": _("No answer"),
            "submitted": _("Submitted"),
        }
        return _("{label}: {message}").format(label=label[self._state()], message=self.message)


class Hint(str):
    """A hint: a string that shows itself once as a cell's value (never printed as well)."""

    def __new__(cls, text: str, number: int = 1, total: int = 1):
        obj = super().__new__(cls, text)
        obj.number, obj.total = number, total
        return obj

    def _label(self) -> str:
        if self.total > 1:
            return _("Hint {number} of {total}").format(number=self.number, total=self.total)
        return _("Hint")

    def __repr__(self) -> str:
        return _("{label}: {message}").format(label=self._label(), message=str(self))

    def _repr_pretty_(self, p, cycle):  # IPython's plain-text display
        p.text(repr(self))

    def _repr_html_(self) -> str:
        return (
            f"<div style='border-left:4px solid #E69F00;padding:0.2em 0.8em;font-family:{FONT_STACK}'>"
            + _("<b>{label}</b>: {message}").format(label=self._label(), message=html_text(str(self)))
            + "</div>"
        )


class Solution:
    """A worked solution as shown to a student: the reasoning, the code, the answer."""

    def __init__(self, ex: Exercise):
        self.exercise_id = ex.id
        self.level = ex.level
        self.open = ex.kind == "open"
        self.value = None if self.open else ex.answer()
        self.answer_text = "" if self.open else f"{ex._fmt(self.value)}{ex._unit_hint()}"
        worked = ex.worked
        self.steps = worked.step_texts() if worked else []
        self.code = worked.code.strip() if worked else ""
        self.note = worked.note_text() if worked else ""
        self.explanation = ex.explanation_text
        self.checklist = ex.rubric_texts if self.open else []

    def __repr__(self) -> str:
        lines = [_("Worked solution: exercise {id}").format(id=self.exercise_id)]
        if self.open:
            lines.append(_("An open question: there is no single answer. A good answer:"))
            lines += [f"  - {c}" for c in self.checklist]
            if self.steps:
                lines.append(_("One way to build it:"))
        lines += [f"{i}. {s}" for i, s in enumerate(self.steps, 1)]
        if self.code:
            lines += ["", _("The code (run it in a cell to see each figure):"), self.code]
        if not self.open:
            lines += ["", _("Answer: {answer}").format(answer=self.answer_text)]
        for extra in (self.note, self.explanation):
            if extra:
                lines.append(extra)
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def _repr_html_(self) -> str:
        parts = [
            f"<div style='border-left:4px solid #009E73;padding:0.3em 0.8em;font-family:{FONT_STACK}'>",
            "<b>" + html_text(_("Worked solution: exercise {id}").format(id=self.exercise_id)) + "</b>",
        ]
        if self.open:
            parts.append(
                "<p>"
                + html_text(_("An open question: there is no single answer. A good answer:"))
                + "</p><ul>"
            )
            parts += [f"<li>{html_text(c)}</li>" for c in self.checklist]
            parts.append("</ul>")
            if self.steps:
                parts.append("<p>" + html_text(_("One way to build it:")) + "</p>")
        if self.steps:
            parts.append("<ol>" + "".join(f"<li>{html_text(s)}</li>" for s in self.steps) + "</ol>")
        if self.code:
            parts.append(
                "<p>" + html_text(_("The code (run it in a cell to see each figure):")) + "</p>"
                f"<pre style='margin:0.2em 0'>{html_text(self.code)}</pre>"
            )
        if not self.open:
            parts.append(
                "<p><b>" + html_text(_("Answer: {answer}").format(answer=self.answer_text)) + "</b></p>"
            )
        for extra in (self.note, self.explanation):
            if extra:
                parts.append(f"<p>{html_text(extra)}</p>")
        parts.append("</div>")
        return "".join(parts)


@dataclass
class Exercise:
    """One exercise with a computed answer.

    ``kind`` is ``"number"`` (relative ``tolerance``), ``"choice"`` (one of ``choices``),
    ``"set"`` (an unordered collection of choices) or ``"open"`` (a written answer that a teacher
    marks: ``check`` only says whether it is long enough to hand in and lists ``rubric``, what a
    good answer does; ``solve`` returns a model answer).

    ``question``, ``explanation``, each hint and each rubric line may be a string or a function
    returning one: texts that quote figures from the tables are functions, so they are built when
    shown and a figure edited in ``data/`` shows up in them at once (the course's one cache rule).

    ``aliases`` maps other spellings a teacher would accept to a choice (``{"quarter": "one
    quarter"}``); ``sign_message`` is said when a number is right but for its sign.
    """

    id: str
    question: Any
    solve: Callable[[], Any]
    kind: str = "number"
    unit: str = ""
    tolerance: float = 0.01
    choices: tuple = ()
    mistakes: list[Mistake] = field(default_factory=list)
    hints: Any = field(default_factory=list)
    explanation: Any = ""
    level: int = 2
    worked: Worked | None = None
    aliases: dict = field(default_factory=dict)
    sign_message: str = ""
    rubric: Any = field(default_factory=list)
    min_words: int = 40
    _hint_index: int = field(default=0, repr=False)

    def __post_init__(self):
        if self.kind not in ("number", "choice", "set", "open"):
            raise ValueError(f"Exercise {self.id}: kind must be number, choice, set or open")
        if self.level not in LEVELS:
            raise ValueError(f"Exercise {self.id}: level must be 1, 2 or 3")
        if self.kind in ("choice", "set") and self.choices:
            keys: dict[str, str] = {}
            for c in self.choices:
                k = _key(c)
                if k in keys and keys[k] != c:
                    raise ValueError(f"Exercise {self.id}: choices {keys[k]!r} and {c!r} read the same")
                keys[k] = c
            for alias, target in self.aliases.items():
                if target not in self.choices:
                    raise ValueError(f"Exercise {self.id}: alias {alias!r} names no choice ({target!r})")
                k = _key(alias)
                if k in keys and keys[k] != target:
                    raise ValueError(f"Exercise {self.id}: alias {alias!r} reads as choice {keys[k]!r}")

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

    @property
    def rubric_texts(self) -> list[str]:
        rubric = self.rubric() if callable(self.rubric) else self.rubric
        return [_text(r) for r in rubric]

    # ------------------------------------------------------------------ answer
    def answer(self):
        """The correct answer, computed from the course data (for an open question: a model answer)."""
        return self.solve()

    def _close(self, a: float, b: float, tol: float) -> bool:
        if b == 0:
            return abs(a) <= tol
        return abs(a - b) <= tol * abs(b)

    def check(self, answer) -> Feedback:
        """Feedback on a student's answer (``None`` means not answered yet)."""
        if answer is None or answer is Ellipsis:
            return Feedback(None, _("No answer yet: replace None with your answer and run the cell."))
        if self.kind == "open":
            return self._check_open(answer)
        expected = self.answer()
        if self.kind == "number":
            return self._check_number(answer, expected)
        if self.kind == "choice":
            return self._check_choice(answer, expected)
        return self._check_set(answer, expected)

    # numbers --------------------------------------------------------------
    def _unit_scale(self) -> float:
        u = self.unit.lower()
        for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
            if word in u:
                return scale
        return 1.0

    def _unit_family(self) -> str:
        u = self.unit.lower().strip()
        if u in ("%", "percent", "per cent") or "percent" in u or u.startswith("%"):
            return "percent"
        if "fraction" in u:
            return "fraction"
        if "month" in u:
            return "months"
        return "other"

    def _check_number(self, answer, expected) -> Feedback:
        value, problem, note = _read_number(
            answer, self._unit_phrase(), self._unit_scale(), self._unit_family(), self._unit_hint()
        )
        if problem:
            return Feedback(False, problem)
        if math.isnan(value) or math.isinf(value):
            return Feedback(False, _("That is not a finite number: check your calculation."))
        expected = float(expected)
        if self._close(value, expected, self.tolerance):
            said = _(" ({note})").format(note=note) if note else ""
            right = _("{answer} is right{note}.").format(
                answer=f"{self._fmt(expected)}{self._unit_hint()}", note=said
            )
            return Feedback(True, _sentences(right, self.explanation_text))
        for m in self.mistakes:
            tol = m.tolerance if m.tolerance is not None else self.tolerance
            mv = m.value() if callable(m.value) else m.value
            if (
                isinstance(mv, (int, float))
                and not isinstance(mv, bool)
                and self._close(value, float(mv), tol)
            ):
                return Feedback(False, _text(m.explanation))
        if expected != 0 and self._close(-value, expected, self.tolerance):
            return Feedback(False, _text(self.sign_message) or self._default_sign_message(expected))
        slip = self._unit_slip(value, expected)
        if slip:
            return Feedback(False, slip)
        return Feedback(False, self._direction(value, expected))

    def _default_sign_message(self, expected: float) -> str:
        if expected < 0:
            return _(
                "Right size, wrong sign: the answer is negative. Check which way the quantity goes "
                "(a fall, a loss, a price elasticity) and what the question measures."
            )
        return _(
            "Right size, wrong sign: the answer is positive. Check which way the quantity goes "
            "(a fall, a loss, a price elasticity) and what the question measures."
        )

    def _unit_slip(self, value: float, expected: float) -> str:
        if expected == 0:
            return ""
        family, unit = self._unit_family(), self.unit
        if family == "percent":
            if self._close(value * 100, expected, self.tolerance):
                return _(
                    "Right figure, wrong unit: {value} is a fraction; the question asks for a "
                    "percentage. Multiply by 100: {percent}%."
                ).format(value=f"{value:g}", percent=f"{value * 100:.4g}")
            if self._close(value / 100, expected, self.tolerance):
                return _("That is 100 times the answer: did you multiply by 100 twice?")
        if family == "fraction":
            if self._close(value / 100, expected, self.tolerance):
                return _(
                    "Right figure, wrong unit: {value} is a percentage; the question asks for a "
                    "fraction between 0 and 1. Divide by 100: {fraction}."
                ).format(value=f"{value:g}", fraction=f"{value / 100:.4g}")
        if family == "months" and self._close(value * 12, expected, self.tolerance):
            return _("Right figure, wrong unit: that is in years; the question asks for months (× 12).")
        scale = self._unit_scale()
        money = any(w in unit.lower() for w in ("usd", "us$", "eur", "dollar", "€", "$"))
        if scale != 1.0 or money:
            for factor in (1e3, 1e6, 1e9, 1e12):
                for r in (factor, 1 / factor):
                    if self._close(value, expected * r, self.tolerance):
                        implied = scale / r  # the scale the student's number is written in
                        name = _SCALE_NAMES.get(_round_pow10(implied))
                        if name is None and _round_pow10(implied) == 1.0:
                            name = (
                                N_("euros")
                                if "eur" in unit.lower() or "€" in unit
                                else (N_("dollars") if money else N_("single units"))
                            )
                        if name is None:
                            continue
                        times = f"{factor:,.0f}"
                        how = (_("multiply by {times}") if r < 1 else _("divide by {times}")).format(
                            times=times
                        )
                        return _(
                            "Right figure, wrong unit: your number is in {name}; the question asks for "
                            "{unit}: {how} (or write the unit, e.g. '1.2bn')."
                        ).format(name=_(name), unit=_(unit), how=how)
        if family in ("percent", "fraction") or scale != 1.0 or money:
            return ""
        for factor, text in UNIT_SLIPS:
            if self._close(value, expected * factor, self.tolerance):
                return _(text)
        return ""

    def _direction(self, value: float, expected: float) -> str:
        close = (abs(value - expected) / abs(expected) if expected else float("inf")) < 0.1
        if expected < 0:
            if value >= 0:
                return _("Not quite: the answer is negative, and yours is not. Try hint() if you are stuck.")
            if abs(value) > abs(expected):
                if close:
                    return _(
                        "Not quite: close, but your answer is larger in size than the answer "
                        "(further from zero). Try hint() if you are stuck."
                    )
                return _(
                    "Not quite: your answer is larger in size than the answer (further from zero). "
                    "Try hint() if you are stuck."
                )
            if close:
                return _(
                    "Not quite: close, but your answer is smaller in size than the answer "
                    "(closer to zero). Try hint() if you are stuck."
                )
            return _(
                "Not quite: your answer is smaller in size than the answer (closer to zero). "
                "Try hint() if you are stuck."
            )
        if value > expected:
            if close:
                return _("Not quite: close, but your answer is too high. Try hint() if you are stuck.")
            return _("Not quite: your answer is too high. Try hint() if you are stuck.")
        if close:
            return _("Not quite: close, but your answer is too low. Try hint() if you are stuck.")
        return _("Not quite: your answer is too low. Try hint() if you are stuck.")

    # choices --------------------------------------------------------------
    def _choice_map(self) -> dict[str, str]:
        out = {_key(c): str(c) for c in self.choices}
        out.update({_key(a): str(t) for a, t in self.aliases.items()})
        # in Chinese a choice may also be answered by its translation (shown next to it)
        out.update({_key(g): str(c) for c in self.choices if (g := choice_gloss(c))})
        return out

    def _canonical(self, answer) -> tuple[str | None, str]:
        """The choice an answer names, or (None, what to say)."""
        text = str(answer)
        key = _key(text)
        if not key:
            return None, _("Please answer with one of the choices, as text.")
        known = self._choice_map()
        if not self.choices:
            return text.strip(), ""
        if key in known:
            return known[key], ""
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
        shown = f"{text.strip()!r:.40}"
        listing = ", ".join(map(str, self.choices))
        if close:
            return (
                None,
                _(
                    "{answer} is not one of the choices: did you mean {choice}? Choose one of: {choices}."
                ).format(answer=shown, choice=repr(known[close[0]]), choices=listing),
            )
        return None, _("{answer} is not one of the choices. Choose one of: {choices}.").format(
            answer=shown, choices=listing
        )

    def _check_choice(self, answer, expected) -> Feedback:
        if not isinstance(answer, str):
            if isinstance(answer, (list, tuple, set)) and len(answer) == 1:
                answer = next(iter(answer))
            else:
                return Feedback(
                    False,
                    _("Please answer with one choice, as text, e.g. {example}.").format(
                        example=repr(str(self.choices[0]))
                    )
                    if self.choices
                    else _("Please answer with text."),
                )
        name, problem = self._canonical(answer)
        if problem:
            return Feedback(False, problem)
        if _key(name) == _key(expected):
            return Feedback(
                True, _sentences(_("{answer} is right.").format(answer=expected), self.explanation_text)
            )
        for m in self.mistakes:
            value = m.value() if callable(m.value) else m.value
            if _key(name) == _key(value):
                return Feedback(False, _text(m.explanation))
        return Feedback(False, _("Not this one. Try hint() if you are stuck."))

    def _check_set(self, answer, expected) -> Feedback:
        if isinstance(answer, str):
            answer = [a for a in re.split(r"[,;\n]|\band\b|、|，", answer) if a.strip()]
        elif isinstance(answer, dict) or not hasattr(answer, "__iter__"):
            return Feedback(False, _("Answer with a list of names, e.g. ['A100', 'H100']."))
        try:
            items = [a for a in answer]
        except TypeError:
            return Feedback(False, _("Answer with a list of names, e.g. ['A100', 'H100']."))
        got = set()
        for a in items:
            if not isinstance(a, str):
                return Feedback(False, _("Answer with a list of names (text), e.g. ['A100', 'H100']."))
            name, problem = self._canonical(a)
            if problem:
                return Feedback(False, problem)
            got.add(_key(name))
        want = {_key(a) for a in expected}
        if got == want:
            return Feedback(
                True,
                _sentences(_("{answer} is right.").format(answer=self._fmt(expected)), self.explanation_text),
            )
        missing, extra = want - got, got - want
        parts = []
        if missing:
            parts.append(_("{n} missing").format(n=len(missing)))
        if extra:
            parts.append(_("{n} that should not be there").format(n=len(extra)))
        return Feedback(False, _("Not yet: {problems}.").format(problems=_(" and ").join(parts)))

    # open ------------------------------------------------------------------
    def _check_open(self, answer) -> Feedback:
        if not isinstance(answer, str):
            return Feedback(
                False, _('Write your answer as text, between triple quotes: answer = """ ... """')
            )
        words = _count_words(answer)
        if words < self.min_words:
            return Feedback(
                False,
                _(
                    "Write a little more: about {min_words} words or more (you have {words}). "
                    "Use figures from the tables and say where they come from."
                ).format(min_words=self.min_words, words=words),
            )
        if self.rubric_texts and not re.search(r"\d", answer):
            return Feedback(
                False,
                _(
                    "Not ready yet: your answer quotes no figure. Use at least one figure from the tables "
                    "and say where it comes from (the table, the source, its grade)."
                ),
            )
        checklist = "\n".join(f"• {r}" for r in self.rubric_texts)
        return Feedback(
            None,
            _(
                "{words} words, ready to hand in. Your teacher marks it; before you do, check it "
                "against this list:\n{checklist}"
            ).format(words=words, checklist=checklist),
            submitted=True,
        )

    # ------------------------------------------------------------------ help
    def hint(self) -> Hint:
        """The next hint (the last one repeats), shown once as the cell's value."""
        hints = self.hint_texts
        if not hints:
            return Hint(_("No hint for this one: re-read the section above."))
        i = min(self._hint_index, len(hints) - 1)
        self._hint_index += 1
        return Hint(hints[i], i + 1, len(hints))

    def solution(self) -> Solution:
        """The worked solution: the reasoning, the code that computes it from the tables, the answer."""
        return Solution(self)

    # ------------------------------------------------------------------ display
    def _fmt(self, value) -> str:
        if isinstance(value, float):
            if 1e3 <= abs(value) < 1e7:
                return f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"
            return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:.4g}"
        if isinstance(value, (list, tuple, set, frozenset)):
            return ", ".join(map(str, sorted(value)))
        return str(value)

    def _unit_phrase(self) -> str:
        """ " (in %)" for the messages that ask for a number again ("" without a unit)."""
        if self.unit.startswith("(") and self.unit.endswith(")"):  # "(a price elasticity, with its sign)"
            return f" {_(self.unit)}"
        return _(" (in {unit})").format(unit=_(self.unit)) if self.unit else ""

    def _unit_hint(self) -> str:
        return f" {_(self.unit)}" if self.unit else ""

    def show(self):
        from IPython.display import HTML, display

        display(HTML(self._repr_html_()))

    def _repr_html_(self) -> str:
        unit = _unit_label(self.unit)
        choices = ""
        if self.choices:
            choices = _("<br>Choices: ") + ", ".join(_choice_html(c) for c in self.choices)
        how = (
            _(
                'Write your answer as text: <code>answer = """ ... """</code>, then '
                "<code>ex.check(answer)</code>; <code>ex.hint()</code> for a hint."
            )
            if self.kind == "open"
            else _("Check with <code>ex.check(answer)</code>; <code>ex.hint()</code> for a hint.")
        )
        level = _("Level {level}").format(level=self.level)
        question = _("<b>Exercise {id}</b>: {question}").format(
            id=html_text(self.id), question=html_text(self.question_text)
        )
        return (
            f"<div style='border-left:4px solid #0072B2;padding:0.3em 0.8em;font-family:{FONT_STACK}'>"
            f"<small><b>{html_text(level)}</b> · {html_text(_(LEVELS[self.level]))}</small><br>"
            f"{question}{unit}"
            f"{choices}<br><small>{how}</small></div>"
        )

    def __repr__(self) -> str:
        return _("Exercise {id} (level {level}): {question}").format(
            id=self.id, level=self.level, question=self.question_text
        )


# --------------------------------------------------------------------------- reading answers

_SCALE_WORDS = {
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
    "trillions": 1e12,
    "万": 1e4,
    "亿": 1e8,
}
_NUMBER = re.compile(
    r"""^\s*(?P<sign>[+-]?)\s*(?:us\$|usd|eur|\$|€|¥)?\s*
    (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)
    (?:\s*(?:x|×|\*)\s*10\s*(?:\^|\*\*)\s*(?P<exp>[+-]?\d+))?
    \s*(?P<pct>%|percent\b|per\s*cent\b)?
    \s*(?P<scale>万|亿|[a-z]+)?
    (?P<rest>.*)$""",
    re.X | re.I,
)


def _read_number(
    answer, unit_hint: str, unit_scale: float, family: str, unit_note: str | None = None
) -> tuple[float | None, str, str]:
    """(value in the exercise's unit, problem, note) for a student's numeric answer."""
    if isinstance(answer, str):
        return _read_number_text(answer, unit_hint, unit_scale, family, unit_note)
    value, problem = _as_number(answer, unit_hint)
    return value, problem, ""


def _read_number_text(
    answer: str, unit_hint: str, unit_scale: float, family: str, unit_note: str | None = None
):
    """``unit_hint``: the unit as the messages asking for a number again say it (" (in %)");
    ``unit_note``: as the note on a converted answer writes it after the number (" %")."""
    text = unicodedata.normalize("NFKC", answer)
    text = text.replace("−", "-").replace("–", "-").replace("\u2009", "").replace("\u202f", "")
    text = re.sub(r"(?<=\d)[,_ ](?=\d{3}\b)", "", text)
    m = _NUMBER.match(text)
    refusal = _("Please answer with a number{unit}, not the text {text}.").format(
        unit=unit_hint, text=f"{answer!r:.40}"
    )
    if not m:
        return None, refusal, ""
    rest = m.group("rest").strip()
    scale_word = (m.group("scale") or "").lower()
    scale = _SCALE_WORDS.get(scale_word)
    if scale_word and scale is None:
        rest = (scale_word + " " + rest).strip()  # a unit name ("chips", "FLOP"), not a scale
    if re.search(r"\d", rest):
        return (
            None,
            _("Please answer with one number{unit}: {text} holds more than one.").format(
                unit=unit_hint, text=f"{answer!r:.40}"
            ),
            "",
        )
    try:
        value = float(m.group("num"))
        if m.group("exp"):
            value *= 10.0 ** int(m.group("exp"))
    except (ValueError, OverflowError):
        return None, refusal, ""
    if m.group("sign") == "-":
        value = -value
    if math.isnan(value) or math.isinf(value):
        return None, _("That is not a finite number: check your calculation."), ""
    note = ""
    if m.group("pct") and family == "fraction":
        note = _("{answer} read as the fraction {value}").format(
            answer=answer.strip(), value=f"{value / 100:.4g}"
        )
        value /= 100
    if scale is not None:
        value = value * scale / unit_scale
        note = _("{answer} read as {value}").format(
            answer=answer.strip(), value=f"{value:,.6g}{unit_hint if unit_note is None else unit_note}"
        )
    return value, "", note


def _as_number(answer, unit_hint: str = "") -> tuple[float | None, str]:
    """A student's numeric answer as a float, or (None, what to fix). Text such as "1,234",
    "12%" or "$5.6" is read as a number; a one-element list, array or Series is unwrapped (a
    pandas calculation often gives one); anything else gets a message, never a traceback."""
    if isinstance(answer, str):
        value, problem, _note = _read_number_text(answer, unit_hint, 1.0, "other")
        return value, problem
    if isinstance(answer, (list, tuple)) or getattr(answer, "ndim", 0):  # not 0-d numpy scalars
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


def _unit_label(unit: str) -> str:
    """The unit shown after a question: "(answer in US$ billions)"; a unit already written in
    brackets ("(a price elasticity, with its sign)") is shown as it is, not bracketed twice."""
    if not unit:
        return ""
    if unit.startswith("(") and unit.endswith(")"):
        return f" <i>{html_text(_(unit))}</i>"
    return _(" <i>(answer in {unit})</i>").format(unit=html_text(_(unit)))


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _count_words(text: str) -> int:
    """Words in a written answer: runs of letters and digits, and for Chinese (written without
    spaces) one word per two characters (a Chinese word is one to three characters)."""
    latin = len(re.findall(rf"[^\W{_CJK}]+", text))
    cjk = len(re.findall(rf"[{_CJK}]", text))
    return latin + (cjk + 1) // 2


def _round_pow10(x: float) -> float:
    return 10.0 ** round(math.log10(x)) if x > 0 else 0.0


_SPELLINGS = [
    (re.compile(r"label+ed"), "labelled"),
    (re.compile(r"label+ing"), "labelling"),
    (re.compile(r"licen[cs]e"), "licence"),
    (re.compile(r"cent(er|re)"), "centre"),
    (re.compile(r"([a-z])i[sz]ation"), r"\1isation"),
    (re.compile(r"([a-z])i[sz]ed\b"), r"\1ised"),
]


def choice_gloss(choice) -> str:
    """The Chinese of a choice (``pgettext("choice", ...)``), or "" in English or where the choice
    is a name or a number that stays as it is."""
    from .i18n import pgettext

    if language() == "en":
        return ""
    got = pgettext("choice", str(choice))
    return "" if got == str(choice) else got


def _choice_html(choice) -> str:
    """A choice as shown: the text to type, and in Chinese its translation (which also counts)."""
    gloss = choice_gloss(choice)
    code = f"<code>{html_text(str(choice))}</code>"
    return code + (f"（{html_text(gloss)}）" if gloss else "")


def _key(value) -> str:
    """How a choice is compared: case, spaces, hyphens and punctuation ignored, British and
    American spellings the same ("Mislabeled" and "mis-labelled" both read "mislabelled")."""
    text = unicodedata.normalize("NFKC", str(value)).lower().strip()
    for pattern, repl in _SPELLINGS:
        text = pattern.sub(repl, text)
    return re.sub(r"[\W_]+", "", text)


def _text(value) -> str:
    """A text that may be a function (built when shown) or a string marked with ``N_()``:
    translated into the current language (:mod:`utils.i18n`) when shown."""
    return str(value()) if callable(value) else _(str(value)) if value else ""


# --------------------------------------------------------------------------- registry


def register(ex: Exercise) -> Exercise:
    """Add an exercise to the registry (ids must be unique)."""
    if ex.id in _REGISTRY and _REGISTRY[ex.id] is not ex:
        raise ValueError(f"Duplicate exercise id {ex.id!r}")
    _REGISTRY[ex.id] = ex
    return ex


def register_quiz(ex: Exercise) -> Exercise:
    """Add a quiz question (ids ``"qNN.name"``, NN the notebook the quiz revises); a quiz asks
    its questions in the order they are registered."""
    if not re.fullmatch(r"q\d\d\.[\w-]+", ex.id):
        raise ValueError(f"Quiz question ids look like 'q01.name', not {ex.id!r}")
    if ex.kind == "open":
        raise ValueError(f"Quiz question {ex.id}: a quiz is auto-checked, so no open questions")
    if ex.id in _QUIZ and _QUIZ[ex.id] is not ex:
        raise ValueError(f"Duplicate quiz question id {ex.id!r}")
    _QUIZ[ex.id] = ex  # dicts keep insertion order: questions are asked in registration order
    return ex


def _load_all() -> None:
    from .course import TOPICS

    for t in TOPICS:
        importlib.import_module(f"{t.package}.exercises")


def exercise(exercise_id: str) -> Exercise:
    """Fetch a registered exercise by id (e.g. ``"01.tpp-h100"``), with fresh hint state."""
    _load_all()
    table = _QUIZ if exercise_id.startswith("q") else _REGISTRY
    if exercise_id not in table:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"No exercise {exercise_id!r}. Known: {known}")
    ex = table[exercise_id]
    ex._hint_index = 0
    return ex


def all_exercises() -> dict[str, Exercise]:
    """Every registered exercise, by id (the quizzes' questions are in :func:`all_quiz_questions`)."""
    _load_all()
    return dict(_REGISTRY)


def all_quiz_questions() -> dict[str, Exercise]:
    """Every quiz question, by id (``"q01.…"``)."""
    _load_all()
    return dict(_QUIZ)


# --------------------------------------------------------------------------- quizzes


class Quiz:
    """The short quiz on one notebook, for the start of the next class.

    Display it to see the questions; answer with ``quiz.check(number, answer)`` or with a dict
    ``quiz.check({1: ..., 2: ...})``; ``quiz.score()`` counts the right answers so far.
    """

    def __init__(self, notebook: str, questions: list[Exercise], title: str = ""):
        self.notebook = notebook
        self.questions = questions
        self.title = title
        self._results: dict[int, Feedback] = {}

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, number: int) -> Exercise:
        """Question ``number`` (counted from 1)."""
        try:
            n = int(number)
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= len(self.questions) or isinstance(number, bool):
            raise KeyError(
                _("This quiz has questions 1 to {n}, not {number}.").format(
                    n=len(self.questions), number=repr(number)
                )
            )
        return self.questions[n - 1]

    def check(self, number, answer=Ellipsis):
        """Feedback on one answer (``quiz.check(2, 4800)``) or on several (``quiz.check({1: ..., 2: ...})``)."""
        if isinstance(number, dict) and answer is Ellipsis:
            lines = []
            for n, a in number.items():
                fb = self.check(n, a)
                lines.append(f"{n}. {fb!r}")
            lines.append(self.score().message)
            ok = all(self._results.get(n) and self._results[n].correct for n in range(1, len(self) + 1))
            return Feedback(True if ok else False, "\n".join(lines))
        try:
            ex = self.question(number)
        except KeyError as err:
            return Feedback(False, str(err.args[0]))
        fb = ex.check(None if answer is Ellipsis else answer)
        if fb.correct is not None:
            self._results[int(number)] = fb
        return fb

    def score(self) -> Feedback:
        right = sum(1 for fb in self._results.values() if fb.correct)
        answered = len(self._results)
        msg = _("Score: {right} of {n} right ({answered} answered).").format(
            right=right, n=len(self), answered=answered
        )
        return Feedback(right == len(self), msg)

    def _repr_html_(self) -> str:
        items = []
        for ex in self.questions:
            choices = ""
            if ex.choices:
                choices = (
                    "<br><small>"
                    + _("Choices: ")
                    + ", ".join(_choice_html(c) for c in ex.choices)
                    + "</small>"
                )
            unit = _unit_label(ex.unit)
            items.append(f"<li>{html_text(ex.question_text)}{unit}{choices}</li>")
        head = "<b>" + _("Quiz on notebook {notebook}").format(notebook=html_text(self.notebook)) + "</b>"
        if self.title:
            head += _(": ") + html_text(_(self.title))
        return (
            f"<div style='border-left:4px solid #CC79A7;padding:0.3em 0.8em;font-family:{FONT_STACK}'>"
            f"{head} <small>"
            + _("({n} questions; no Python needed)").format(n=len(self))
            + f"</small><ol>{''.join(items)}</ol><small>"
            + _(
                "Answer one at a time with <code>quiz.check(1, answer)</code>, or all at once with "
                "<code>quiz.check({{1: ..., 2: ...}})</code>; <code>quiz.score()</code> counts your right "
                "answers."
            ).format()
            + "</small></div>"
        )

    def __repr__(self) -> str:
        lines = [_("Quiz on notebook {notebook} ({n} questions)").format(notebook=self.notebook, n=len(self))]
        lines += [f"{i}. {ex.question_text}" for i, ex in enumerate(self.questions, 1)]
        return "\n".join(lines)


def quiz(notebook) -> Quiz:
    """The quiz on a notebook: ``checks.quiz("01")`` (a number, or a topic name)."""
    from .course import topic

    try:
        t = topic(f"{int(notebook):02d}" if str(notebook).strip().isdigit() else str(notebook).strip())
    except KeyError as err:
        raise KeyError(str(err.args[0])) from None
    _load_all()
    questions = [ex for ex_id, ex in _QUIZ.items() if ex_id.startswith(f"q{t.number}.")]
    if not questions:
        raise KeyError(f"No quiz for notebook {t.number} yet.")
    return Quiz(t.number, questions, t.title)
