"""Starting a live observation (the setup form) and offering an unfinished one back.

The setup lists the behaviours of the student's BIP (and any measured before) with the
BIP's data-collection method; each can be skipped or given another method.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.dom import DOMNode

from caseterm.display import safe_text
from caseterm.model import behavior
from caseterm.model import behavior_vocab as bv
from caseterm.model.fields import Bounds, FieldError, check_text, parse_whole
from caseterm.model.live import MAX_BEHAVIORS, LiveBehavior, LiveSession, LiveSetup
from caseterm.model.records import Student
from caseterm.store.actions import behavior_changes
from caseterm.store.infra import journal
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.save import Saved
from caseterm.tui.host import host_of
from caseterm.tui.widgets.form import Field, text_field

SKIP = "skip"
INTERVAL = Bounds(1, bv.MAX_INTERVAL_SECONDS, whole=True, unit="seconds")
LENGTH = Bounds(0, 600, whole=True, unit="minutes")


def _more(text: str) -> list[LiveBehavior]:
    """``name=method, ...`` typed in the setup form."""
    out = []
    for part in text.split(","):
        name, _, method = (p.strip() for p in part.partition("="))
        if not name:
            continue
        check_text("More behaviours", name, 200, lines=False)
        method = method or "frequency"
        if method not in bv.METHODS:
            raise FieldError(
                "More behaviours", f"{method!r} is not a method; use {', '.join(bv.METHODS)}"
            )
        out.append(LiveBehavior(name, method))
    return out


def setup_fields(student: Student) -> list[Field]:
    """The setup form: who and where, the interval, the length, the bell, the behaviours."""
    methods = [(m, m) for m in bv.METHODS]
    fields = [
        text_field("observer", "Observer"),
        text_field("setting", "Setting"),
        text_field("activity", "Activity"),
        Field(
            "interval",
            "Interval (s)",
            partial(parse_whole, "Interval (s)", bounds=INTERVAL),
            "10",
            required=True,
        ),
        Field(
            "length",
            "Length (min)",
            partial(parse_whole, "Length (min)", bounds=LENGTH),
            "20",
            placeholder="0: until finished",
            empty=0,
        ),
        Field("bell", "Interval bell", choices=[("on", "on"), ("off", "off")], required=True),
    ]
    for index, name in enumerate(behavior.behavior_names(student)[:MAX_BEHAVIORS]):
        target = behavior.bip_target(student, name)
        method = target.method if target is not None else "frequency"
        choices = [(method, method), *(c for c in methods if c[0] != method), (SKIP, SKIP)]
        fields.append(Field(f"b{index}", safe_text(name)[:12], choices=choices, required=True))
    fields.append(
        Field(
            "more",
            "More",
            partial(_more),
            placeholder="name=method, … (frequency if no method)",
            empty=[],
        )
    )
    return fields


def setup_from_values(student: Student, values: dict[str, Any], now: Any) -> LiveSetup:
    """The setup the form's values describe, starting ``now``; FieldError if no behaviour."""
    chosen: list[LiveBehavior] = []
    for index, name in enumerate(behavior.behavior_names(student)[:MAX_BEHAVIORS]):
        method = values.get(f"b{index}", SKIP)
        if method != SKIP:
            chosen.append(LiveBehavior(name, method))
    for extra in values.get("more") or []:
        if extra.name not in {b.name for b in chosen}:
            chosen.append(extra)
    if not chosen:
        raise FieldError("Behaviours", "choose at least one (or type one under More)")
    if len(chosen) > MAX_BEHAVIORS:
        raise FieldError("Behaviours", f"at most {MAX_BEHAVIORS} (one digit key each)")
    return LiveSetup(
        student=student.id,
        day=now.date(),
        start=now.time().replace(microsecond=0),
        behaviors=tuple(chosen),
        interval=int(values["interval"]),
        length=int(values["length"] or 0) * 60,
        observer=values["observer"],
        setting=values["setting"],
        activity=values["activity"],
        bell=values["bell"] != "off",
    )


def start_observation(node: DOMNode, student_id: str) -> None:
    """The setup form for ``student_id``, then the live screen (an unfinished session is
    offered back first)."""
    from caseterm.tui.screens.form_modal import FormScreen
    from caseterm.tui.screens.observe import ObserveScreen, default_clock

    host = host_of(node)
    app = node.app
    if offer_recovery(app):
        return
    state = host.state
    student = None if state is None else state.loaded.caseload.student(student_id)
    if student is None:
        app.notify("The caseload is still loading; try again.", title="Observe")
        return
    fields = setup_fields(student)

    def chosen(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        clock = default_clock()
        try:
            setup = setup_from_values(student, values, clock())
        except FieldError as error:
            app.notify(str(error), title="Not started", severity="error", markup=False)
            return
        session = LiveSession(setup)
        name = f"{setup.student}-{new_id()}"
        try:
            opened = journal.Journal.create(host.root, name, session.header())
        except OSError as error:
            app.notify(
                f"cannot write the session's journal: {error.strerror}",
                title="Not started",
                severity="error",
                markup=False,
            )
            return
        app.push_screen(ObserveScreen(session, opened, clock))

    title = f"Observe {safe_text(student.name)}: method per behaviour, or skip"
    app.push_screen(FormScreen(title, fields, "Start"), chosen)


def offer_recovery(node: DOMNode) -> bool:
    """Offer the oldest unfinished session of this caseload back; True if one is offered."""
    from caseterm.tui.screens.observe import ObserveScreen, to_record
    from caseterm.tui.screens.observe_recover import RecoverScreen

    host = host_of(node)
    app = node.app
    for found in journal.unfinished(host.root):
        try:
            session = LiveSession.from_journal(found.header, found.entries)
        except ValueError:
            continue
        break
    else:
        return False
    path = found.path

    def chosen(choice: str | None) -> None:
        if choice == "resume":
            app.push_screen(ObserveScreen(session, journal.Journal.reopen(path), paused=True))
        elif choice == "save":
            new, abc = to_record(session)
            root, student = host.root, session.setup.student

            def change() -> Saved:
                return behavior_changes.record_observation(root, student, new, abc=abc)

            host.save(change, lambda _saved: journal.discard(path))
        elif choice == "discard":
            journal.discard(path)
            app.notify("Unfinished observation discarded.", title="Discarded")

    app.push_screen(RecoverScreen(session), chosen)
    return True
