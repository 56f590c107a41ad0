"""A live observation session: a clock, one key per behaviour, interval prompts, quick ABC
notes, pause, and on finish one record and one commit.

Keys are handled as they are read (the app's ``on_event``): a tally depends on the order of
keys, never on when the clock ticked. The clock is a function (``clock``) read at each key
and at each tick; ticks only redraw and prompt, and the tick timer stops while paused.
Every key is appended to a journal (``store.infra.journal``) before the screen shows it.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static

from caseterm.display import safe_text
from caseterm.model.live import (
    MAX_BEHAVIORS,
    AbcNote,
    LiveEvent,
    LiveSession,
    Stopwatch,
    clock_text,
    event_json,
)
from caseterm.store.actions import behavior_changes
from caseterm.store.actions.inputs import Values
from caseterm.store.infra.journal import Journal
from caseterm.store.infra.save import Saved
from caseterm.tui.host import host_of
from caseterm.tui.widgets.footer import KeysFooter

Clock = Callable[[], datetime]
TICK_SECONDS = 1.0
PROMPT_SECONDS = 3
"""How long the interval prompt stays highlighted after an interval starts."""
JOURNAL_TICK = 5
"""Seconds observed between the journal's clock lines (a crash loses at most these)."""
HINTS = {
    "frequency": "count each time",
    "duration": "start/stop an episode",
    "latency": "cue, then response",
    "whole-interval": "lasted the whole interval",
    "partial-interval": "occurred in this interval",
    "momentary": "happening at the prompt",
}


def monotonic_clock() -> Clock:
    """Wall time when called first, then advanced by the monotonic clock (a clock change
    during a session does not stretch or shrink it)."""
    wall, mono = datetime.now(), _time.monotonic()

    def now() -> datetime:
        return wall + timedelta(seconds=_time.monotonic() - mono)

    return now


def default_clock() -> Clock:
    """The clock a new screen uses; tests replace it."""
    return monotonic_clock()


class ObserveScreen(Screen[None]):
    """The session running: clock, behaviours and their keys, prompts, status."""

    HELP_TITLE = "Observation"
    HOLDS_QUIT = True
    """While this screen is open the app does not quit (nor offer to): finish first."""

    CSS_PATH = "../observe.tcss"
    BINDINGS = [
        *(
            Binding(str(n), f"press({n - 1})", f"Behaviour {n}", show=False, id=f"observe.key{n}")
            for n in range(1, MAX_BEHAVIORS + 1)
        ),
        Binding("p", "pause", "Pause", id="observe.pause"),
        Binding("a", "abc", "ABC", id="observe.abc"),
        Binding("u", "undo", "Undo", id="observe.undo"),
        Binding("b", "bell", "Bell", id="observe.bell"),
        Binding("f", "finish", "Finish", id="observe.finish"),
        Binding("escape", "finish", "Finish", show=False, id="observe.leave"),
        Binding(
            "q,ctrl+q,c,m,!,S,x,ctrl+r", "blocked", "Finish first", show=False, id="observe.blocked"
        ),
    ]

    def __init__(
        self,
        session: LiveSession,
        journal: Journal,
        clock: Clock | None = None,
        paused: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.journal = journal
        self.clock = clock or default_clock()
        self.stopwatch = Stopwatch(session.elapsed)
        self.bell = session.setup.bell
        self.prompted = session.interval_at(session.elapsed)
        self.last_tick = int(session.elapsed)
        self.timer: Timer | None = None
        self.message = "recovered: press p to go on" if paused else "observing"
        self.start_paused = paused
        self.saving = False

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="observe-head", markup=False)
        yield Static("", id="observe-clock")
        yield Static("", id="observe-prompt")
        yield Static("", id="observe-behaviors")
        yield Static("", id="observe-status", markup=False)
        yield Static(
            "1-9 behaviour · p pause · a ABC note · u undo · b bell · f finish",
            id="observe-keys",
            markup=False,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        setup = self.session.setup
        self.sub_title = f"observing {setup.student}"
        head = f"{setup.student} · {setup.day.isoformat()} from {setup.start:%H:%M:%S}"
        if setup.has_intervals:
            head += f" · intervals of {setup.interval} s"
        if setup.observer:
            head += f" · {setup.observer}"
        self.query_one("#observe-head", Static).update(safe_text(head))
        self.timer = self.set_interval(TICK_SECONDS, self.tick, pause=True)
        if self.start_paused or self.session.finished:
            self.session.paused = True
        else:
            self._run()
        self._draw()

    # --- the clock -----------------------------------------------------------------

    def elapsed(self) -> float:
        return self.session.clamp(self.stopwatch.read(self.clock()))

    def _run(self) -> None:
        self.stopwatch.start(self.clock())
        if self.timer is not None:
            self.timer.resume()

    def _stop(self) -> None:
        self.stopwatch.stop(self.clock())
        if self.timer is not None:
            self.timer.pause()

    def _record(self, kind: str, behavior: int = -1, abc: AbcNote | None = None) -> str:
        """Journal one event (fsynced), then apply it."""
        event = LiveEvent(self.elapsed(), kind, behavior, abc)
        self.journal.append(event_json(event))
        return self.session.apply(event)

    def tick(self) -> None:
        """Redraw the clock; journal the time every few seconds; prompt a new interval;
        stop at the planned length."""
        seconds = self.elapsed()
        if int(seconds) - self.last_tick >= JOURNAL_TICK:
            self.last_tick = int(seconds)
            self._record("tick")
        setup = self.session.setup
        if setup.has_intervals:
            current = self.session.interval_at(seconds)
            if current > self.prompted:
                self.prompted = current
                if self.bell:
                    self.app.bell()
        if self.session.finished or (setup.length and seconds >= setup.length):
            self._record("pause")
            self._stop()
            self.message = "planned length reached: f to finish"
        self._draw()

    # --- drawing -------------------------------------------------------------------

    def _draw(self) -> None:
        seconds = self.elapsed()
        setup = self.session.setup
        state = "PAUSED" if self.session.paused else "running"
        clock = Text()
        clock.append(f" {clock_text(seconds)} ", style="bold reverse")
        if setup.length:
            clock.append(f" of {clock_text(setup.length)}")
        clock.append(f"  {state}", style="bold yellow" if self.session.paused else "green")
        clock.append(f"  bell {'on' if self.bell else 'off'}", style="dim")
        self.query_one("#observe-clock", Static).update(clock)
        prompt = self.query_one("#observe-prompt", Static)
        if setup.has_intervals:
            current = self.session.interval_at(seconds)
            into = seconds - current * setup.interval
            fresh = into < PROMPT_SECONDS and current > 0 and not self.session.paused
            text = f"interval {current + 1}"
            if fresh:
                text = f"▶ NEW INTERVAL {current + 1}: look now ◀"
            prompt.update(Text(text))
            prompt.set_class(fresh, "prompting")
        else:
            prompt.update("")
        lines = Text()
        for index, spec in enumerate(setup.behaviors):
            lines.append(f" {index + 1} ", style="bold reverse")
            lines.append(f" {safe_text(spec.name)[:22]:<22} ", style="bold")
            lines.append(f"{HINTS[spec.method]:<26}", style="dim")
            lines.append(self.session.shown(index))
            lines.append("\n")
        if self.session.abc:
            lines.append(f" ABC notes: {len(self.session.abc)}", style="dim")
        self.query_one("#observe-behaviors", Static).update(lines)
        self.query_one("#observe-status", Static).update(safe_text(self.message))

    # --- keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "press" and parameters:
            index = parameters[0]
            return isinstance(index, int) and index < len(self.session.setup.behaviors)
        return True

    def action_press(self, index: int) -> None:
        if self.saving:
            return
        if self.session.paused and not self.session.finished:
            self.message = "paused: press p to go on (the key was not counted)"
        else:
            self.message = self._record("key", index)
        self._draw()

    def action_undo(self) -> None:
        if not self.saving:
            self.message = self._record("undo")
            self._draw()

    def action_pause(self) -> None:
        if self.saving or self.session.finished:
            return
        if self.session.paused:
            self._run()
            self.message = self._record("resume")
        else:
            self.message = self._record("pause")
            self._stop()
        self._draw()

    def action_bell(self) -> None:
        self.bell = not self.bell
        self.message = f"interval bell {'on' if self.bell else 'off'}"
        self._draw()

    def action_blocked(self) -> None:
        self.message = "finish the session first (f); the clock is still running"
        self._draw()

    def action_abc(self) -> None:
        """A quick ABC note; the clock goes on while it is typed."""
        from caseterm.tui.screens.form_modal import FormScreen
        from caseterm.tui.widgets.form import Field, choice_field, text_field

        if self.saving:
            return
        at = self.elapsed()
        names = [(b.name, safe_text(b.name)) for b in self.session.setup.behaviors]
        intensity = Field(
            "intensity",
            "Intensity",
            choices=[("", "—"), *((str(i), str(i)) for i in range(1, 6))],
        )
        fields = [
            choice_field("behavior", "Behaviour", names),
            text_field("antecedent", "Antecedent"),
            text_field("consequence", "Consequence"),
            intensity,
            text_field("note", "Note"),
        ]

        def done(values: dict[str, Any] | None) -> None:
            if values is None or not self.is_mounted:
                return
            note = AbcNote(
                behavior=values["behavior"],
                antecedent=values["antecedent"],
                consequence=values["consequence"],
                intensity=int(values["intensity"]) if values["intensity"] else None,
                note=values["note"],
            )
            event = LiveEvent(at, "abc", -1, note)
            self.journal.append(event_json(event))
            self.message = self.session.apply(event)
            self._draw()

        self.app.push_screen(
            FormScreen(f"ABC note at {clock_text(at)} (the clock runs on)", fields, "Add"), done
        )

    def action_finish(self) -> None:
        from caseterm.tui.screens.observe_finish import FinishScreen

        if self.saving:
            return
        if not self.session.paused:
            self.message = self._record("pause")
            self._stop()
        self._draw()

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.save()
            elif choice == "discard":
                self.journal.remove()
                self.app.pop_screen()
                self.app.notify("Observation discarded; nothing was written.", title="Discarded")
            else:
                self.message = "paused: press p to go on, f to finish"
                self._draw()

        self.app.push_screen(FinishScreen(self.session), chosen)

    def save(self) -> None:
        """One record and one commit; the journal goes once the commit is made. If the
        save is refused the screen stays, paused, and the journal keeps the session."""
        self.saving = True
        self.message = "saving…"
        self._draw()
        host, app = host_of(self), self.app
        root, student, new, abc = host.root, self.session.setup.student, *to_record(self.session)

        def change() -> Saved:
            try:
                return behavior_changes.record_observation(root, student, new, abc=abc)
            except BaseException:
                app.call_from_thread(self._not_saved)
                raise

        def saved(_saved: Saved) -> None:
            self.journal.remove()
            if self.is_mounted and app.screen is self:
                app.pop_screen()

        host.save(change, saved)

    def _not_saved(self) -> None:
        if self.is_mounted:
            self.saving = False
            self.message = "not saved: see the message; f to try again"
            self._draw()

    def on_unmount(self) -> None:
        self.journal.close()


def to_record(session: LiveSession) -> tuple[Values, tuple[Values, ...]]:
    """The session as the store records it: the observation and its ABC events, by their
    keys in the file (an ABC note's fields are the event's own keys)."""
    setup = session.setup
    new = {
        "date": setup.day,
        "start": setup.start,
        "end": session.end_time(),
        "observer": setup.observer,
        "setting": setup.setting,
        "activity": setup.activity,
        "note": "recorded live in caseterm (pauses left out of the times)",
        "behavior": session.behavior_tables(),
    }
    shared = {
        "date": setup.day,
        "setting": setup.setting,
        "activity": setup.activity,
        "observer": setup.observer,
    }
    abc = tuple({**shared, **asdict(note), "time": session.time_at(at)} for at, note in session.abc)
    return new, abc
