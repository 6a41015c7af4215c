"""Every key binding by its id: what the help lists and the config remaps.

Bindings are declared once, in the ``BINDINGS`` of the screen or widget
that handles them; this module finds them all by importing the UI's
modules, which is why it is used only for the help screen and to check a
config's ``[keys]`` table, never on the way to the first screen.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
import pkgutil
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys
from textual.screen import Screen
from textual.widget import Widget

from .. import ui


@dataclass(frozen=True, slots=True)
class KnownBinding:
    binding: Binding
    owner: str
    """The class that declares it, for the help's id table."""


@functools.cache
def _owners() -> dict[str, tuple[type, tuple[Binding, ...]]]:
    """Each class of the UI that declares bindings with ids, by name."""
    owners: dict[str, tuple[type, tuple[Binding, ...]]] = {}
    for module in _ui_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            bindings = tuple(
                binding
                for binding in cls.__dict__.get("BINDINGS", ())
                if isinstance(binding, Binding) and binding.id
            )
            if bindings:
                owners[cls.__name__] = (cls, bindings)
    return owners


def bindings_by_owner() -> dict[str, tuple[Binding, ...]]:
    """Each screen's, dialog's or widget's own bindings that have an id."""
    return {name: bindings for name, (_, bindings) in _owners().items()}


def _widget_bindings() -> tuple[Binding, ...]:
    """Bindings of widgets (tables, the task panel), which sit on screens."""
    return tuple(
        binding
        for cls, bindings in _owners().values()
        if issubclass(cls, Widget) and not issubclass(cls, Screen)
        for binding in bindings
    )


def known_bindings() -> dict[str, KnownBinding]:
    """Every binding with an id, across the UI, in declaration order."""
    found: dict[str, KnownBinding] = {}
    for owner, bindings in bindings_by_owner().items():
        for binding in bindings:
            found.setdefault(binding.id, KnownBinding(binding, owner))
    return found


def _ui_modules():
    for info in pkgutil.walk_packages(ui.__path__, prefix=f"{ui.__name__}."):
        yield importlib.import_module(info.name)


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """A line per id in ``keymap`` that no binding has, with the closest one."""
    known = known_bindings()
    problems = []
    for binding_id in keymap:
        if binding_id in known:
            continue
        close = difflib.get_close_matches(binding_id, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else "; ? lists the ids"
        problems.append(f"keys.{binding_id} is not a binding id{hint}")
    return problems


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@functools.cache
def _named_keys() -> frozenset[str]:
    """The names Textual gives keys: its own ("f5", "pageup") and those of
    printable characters ("question_mark", "colon")."""
    named = {key.value.split("+")[-1] for key in Keys if not key.value.startswith("<")}
    for code in range(33, 127):
        name = unicodedata.name(chr(code)).lower().replace("-", "_").replace(" ", "_")
        named.add(KEY_NAME_REPLACEMENTS.get(name, name))
    return frozenset(named)


def unknown_keys(keymap: Mapping[str, str]) -> list[str]:
    """A line per remapped key that no terminal can send, so the binding
    given it could never be used ("frobnicate", "ctrl+f99")."""
    problems = []
    for binding_id, keys in keymap.items():
        for key in _keys(keys):
            *modifiers, name = key.split("+")
            if set(modifiers) <= MODIFIERS and (
                len(name) == 1 or name in _named_keys()
            ):
                continue
            problems.append(
                f"keys.{binding_id} is {key!r}, which no key sends; "
                'write a key such as "f5" or "ctrl+o"'
            )
    return problems


def clashes(keymap: Mapping[str, str], app_owner: str = "KamatuiApp") -> list[str]:
    """A line per remapped key that another binding where it applies has too.

    Only one binding can have a key on a screen: the screen's own bindings,
    the app's and those of the widgets on it apply together, so they are
    compared (any widget is taken to be on any screen, which errs on the
    side of saying too much).
    """
    owners = bindings_by_owner()
    app_bindings = owners.get(app_owner, ())
    widgets = _widget_bindings()
    sharing: dict[tuple[str, str], set[str]] = {}
    for owner, bindings in owners.items():
        if owner == app_owner:
            together = bindings
        else:
            together = tuple(
                {b.id: b for b in bindings + app_bindings + widgets}.values()
            )
        holders: dict[str, set[str]] = {}
        for binding in together:
            for key in _keys(keymap.get(binding.id, binding.key)):
                holders.setdefault(key, set()).add(binding.id)
        for key, ids in holders.items():
            for remapped in sorted(ids & keymap.keys()):
                if len(ids) > 1:
                    sharing.setdefault((remapped, key), set()).update(ids - {remapped})
    return [
        f"keys.{binding_id} takes {key}, which {', '.join(sorted(others))} "
        f"{'has' if len(others) == 1 else 'have'} too: only one will answer it"
        for (binding_id, key), others in sharing.items()
    ]


def _keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def keys_of(app: App, binding_id: str, default: str) -> str:
    """The keys ``binding_id`` is on now (remapped or not), for display."""
    keys = app.config.keys.get(binding_id, default)
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, "")))
    return " ".join(shown)
