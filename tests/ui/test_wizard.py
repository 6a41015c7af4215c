"""The create-server wizard against the simulator, driven with a Pilot."""

from __future__ import annotations

from textual.widgets import Button, Input, OptionList, Select

from kamatui.ui.dialogs.discard import ConfirmDiscard
from kamatui.ui.screens.wizard import CreateWizardScreen
from kamatui.ui.wizard_draft import Draft, cpu_choices, grouped_images, ram_choices
from tests.ui.support import loaded, wait_until


def creates(sim):
    return [
        e for e in sim.request_log if (e.method, e.path) == ("POST", "/service/server")
    ]


async def open_wizard(pilot, draft=None) -> CreateWizardScreen:
    app = pilot.app
    await loaded(pilot)
    if draft is None:
        await pilot.press("w")
    else:
        app.push_screen(CreateWizardScreen(draft))
    await wait_until(pilot, lambda: isinstance(app.screen, CreateWizardScreen))
    wizard = app.screen
    await wait_until(pilot, lambda: wizard.options is not None)
    await pilot.pause(0.1)
    return wizard


async def choose(pilot, list_id: str, text: str) -> None:
    # A step is built after the last one's choice, a moment later on a busy
    # machine: wait for its list rather than a fixed pause.
    await wait_until(pilot, lambda: pilot.app.screen.query(list_id))
    listing = pilot.app.screen.query_one(list_id, OptionList)
    for index in range(listing.option_count):
        option = listing.get_option_at_index(index)
        if not option.disabled and text in str(option.prompt):
            listing.highlighted = index
            listing.action_select()
            await pilot.pause(0.1)
            return
    raise AssertionError(f"{text!r} not offered")


async def press(pilot, button_id: str) -> None:
    """Press a button whether or not it is scrolled into view."""
    await wait_until(pilot, lambda: pilot.app.screen.query(button_id))
    pilot.app.screen.query_one(button_id, Button).press()
    await pilot.pause(0.1)


async def set_select(pilot, select_id: str, value) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.query(select_id))
    pilot.app.screen.query_one(select_id, Select).value = value
    await pilot.pause(0.05)


async def fill_identity(pilot, wizard, name: str, password: str) -> None:
    await wait_until(pilot, lambda: wizard.query("#name"))
    wizard.query_one("#name", Input).value = name
    wizard.query_one("#password", Input).value = password
    await pilot.pause(0.05)


async def test_linux_hourly_server_end_to_end(app, sim):
    """Every step by the keyboard's widgets; the exact request is sent once."""
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await choose(pilot, "#dc-list", "EU ")
        await choose(pilot, "#image-list", "ubuntu_server_24.04")
        assert wizard.step == "cpu"
        await set_select(pilot, "#cpu-cores", "2B")
        await pilot.press("f3")
        await set_select(pilot, "#ram", 2048)
        for _ in range(4):
            await pilot.press("f3")
        assert wizard.step == "identity"
        await fill_identity(pilot, wizard, "linux-box-1", "Aa123456123456")
        await pilot.press("f3")
        assert wizard.step == "review"
        create = wizard.query_one("#create", Button)
        assert not create.disabled
        await press(pilot, "#create")
        await wait_until(pilot, lambda: creates(sim))
        (sent,) = creates(sim)
        image = next(i for i in wizard.options.images["EU"] if "24.04" in i.description)
        assert sent.fields == {
            "name": "linux-box-1",
            "datacenter": "EU",
            "disk_src_0": image.id,
            "cpu": "2B",
            "ram": "2048",
            "password": "Aa123456123456",
            "billing": "hourly",
            "managed": "0",
            "backup": "0",
            "power": "1",
            "disk_size_0": str(image.size_gb),
            "network_name_0": "wan",
        }
        await wait_until(pilot, lambda: wizard.command_id is not None)
        assert len(app.tasks) == 1

        sim.clock.advance(3600)
        app.follower.book.polled(wizard.command_id)
        await wait_until(pilot, lambda: wizard.query("#open-created"), tries=600)
        await press(pilot, "#open-created")
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "ServerDetailScreen"
        )


async def test_windows_monthly_with_two_disks_and_a_private_nic(app, sim):
    """Monthly traffic, a second disk and a LAN NIC with a fixed IP."""
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await choose(pilot, "#dc-list", "IL ")
        await choose(pilot, "#image-list", "windows")
        await set_select(pilot, "#cpu-cores", "4B")
        await pilot.press("f3")
        await set_select(pilot, "#ram", 8192)
        await pilot.press("f3")
        await press(pilot, "#disk-add")
        await set_select(pilot, "#disk-1", 100)
        await pilot.press("f3")
        await press(pilot, "#lan-add")
        free = next(n for n in wizard.options.networks["IL"] if n.name != "wan")
        wizard.query_one("#lan-ip-0", Input).value = free.free_ips[0]
        wizard.query_one("#lan-bits-0", Input).value = "24"
        await pilot.press("f3")
        await set_select(pilot, "#billing", "monthly")
        package = wizard.options.traffic["IL"][0].id
        await set_select(pilot, "#traffic", package)
        await pilot.press("f3")
        await fill_identity(pilot, wizard, "win-box-1", "Bb987654321xyz")
        await pilot.press("f3")
        await press(pilot, "#create")
        await wait_until(pilot, lambda: creates(sim))
        (sent,) = creates(sim)
        assert sent.fields["billing"] == "monthly"
        assert sent.fields["traffic"] == str(package)
        assert sent.fields["disk_size_1"] == "100"
        assert sent.fields["network_name_1"] == free.name
        assert sent.fields["network_ip_1"] == free.free_ips[0]
        assert sent.fields["network_bits_1"] == "24"
        windows = next(
            i for i in wizard.options.images["IL"] if "windows" in i.description
        )
        assert int(sent.fields["disk_size_0"]) >= windows.size_gb


async def test_ram_list_follows_the_cpu_type(app, sim):
    """Switching to type A offers A's RAM sizes and keeps a RAM that fits."""
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await choose(pilot, "#dc-list", "EU ")
        await choose(pilot, "#image-list", "ubuntu")
        await set_select(pilot, "#cpu-type", "A")
        assert wizard.draft.cpu.endswith("A")
        await pilot.press("f3")
        offered = wizard.options.ram_by_cpu_type["A"]
        select = wizard.query_one("#ram", Select)
        assert wizard.draft.ram_mb in offered
        assert select.value in offered
        assert max(offered) < max(wizard.options.ram_by_cpu_type["B"])


async def test_invalid_name_and_password_block_create_and_point_to_the_step(app, sim):
    """The review lists what is wrong with a Fix button; Create stays off."""
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await choose(pilot, "#dc-list", "EU ")
        await choose(pilot, "#image-list", "ubuntu")
        await set_select(pilot, "#cpu-cores", "2B")
        for _ in range(5):
            await pilot.press("f3")
        await fill_identity(pilot, wizard, "no", "weak")
        problem = str(wizard.query_one("#name-problem").content)
        assert "4 to 40" in problem
        await pilot.press("f3")
        assert wizard.query_one("#create", Button).disabled
        assert wizard.query("#goto-identity")
        await press(pilot, "#goto-identity")
        assert wizard.step == "identity"
        assert wizard.query_one("#name", Input).value == "no"


async def test_duplicate_name_is_reported_with_its_real_name(app, sim):
    """Kamatera adds -1; the result names the server it really made."""
    taken = next(iter(sim.account.listed())).name
    draft = await _ready_draft(app, sim, taken)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot, draft)
        await wizard.go_to("review")
        await pilot.pause(0.1)
        await press(pilot, "#create")
        await wait_until(pilot, lambda: wizard.command_id is not None)
        sim.clock.advance(3600)
        app.follower.book.polled(wizard.command_id)
        await wait_until(pilot, lambda: wizard.query("#open-created"), tries=600)
        assert app.last_created == f"{taken}-1"


async def test_api_refusal_shows_on_review_and_keeps_the_draft(app, sim):
    """A 500 on submit: its words on the review step, nothing lost."""
    sim.faults.set("POST /service/server", "server_error", times=1)
    draft = await _ready_draft(app, sim, "refused-box")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot, draft)
        await wizard.go_to("review")
        await pilot.pause(0.1)
        await press(pilot, "#create")
        await wait_until(pilot, lambda: wizard.query("#submit-error"))
        assert "error occurred" in str(wizard.query_one("#submit-error").content)
        assert wizard.draft.name == "refused-box" and wizard.command_id is None
        assert not wizard.query_one("#create", Button).disabled


async def test_dropped_connection_on_submit_is_never_sent_twice(app, sim):
    """The answer is lost; the app looks in the queue instead of resending."""
    sim.faults.set("POST /service/server", "drop", times=1)
    draft = await _ready_draft(app, sim, "dropped-box")
    client = app.session.client
    client._reconcile_wait = 5
    client._reconcile_interval = 0.01
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot, draft)
        await wizard.go_to("review")
        await pilot.pause(0.1)
        await press(pilot, "#create")
        sim.clock.advance(5)
        await wait_until(
            pilot,
            lambda: wizard.command_id is not None or wizard.query("#submit-error"),
            tries=700,
        )
        assert len(creates(sim)) == 1
        assert wizard.command_id is not None


async def test_escape_asks_before_throwing_a_filled_form_away(app, sim):
    """Esc with choices made opens a question, Keep editing is focused."""
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await choose(pilot, "#dc-list", "EU ")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is wizard)
        assert wizard.draft.datacenter == "EU"


def test_images_are_grouped_and_searchable():
    """Ubuntu, Windows and apps land in their own groups; search narrows."""
    from kamatui.api.catalog import Image

    images = [
        Image("1", "EU", "ubuntu_server_24.04_64-bit", 5),
        Image("2", "EU", "windows_server_2022_standard", 30),
        Image("3", "EU", "apps_wordpress", 10),
    ]
    groups = dict(grouped_images(images))
    assert set(groups) == {"ubuntu", "windows", "apps and others"}
    assert [g for g, _ in grouped_images(images, "server")] == ["ubuntu", "windows"]


async def _ready_draft(app, sim, name: str) -> Draft:
    """A complete, valid draft for the EU datacenter."""
    options = await app.session.client.server_options()
    image = next(i for i in options.images["EU"] if "ubuntu" in i.description)
    cpu = cpu_choices(options, "B")[1]
    return Draft(
        datacenter="EU",
        image_id=image.id,
        cpu_type="B",
        cpu=cpu,
        ram_mb=ram_choices(options, "B")[2],
        disks=[20],
        lans=[],
        name=name,
        password="Aa123456123456",
    )


async def test_a_script_path_left_in_its_field_is_read_on_f3(app, tmp_path):
    """Typed and straight to F3 (no Enter, no Tab away): the review has it."""
    script = tmp_path / "setup.sh"
    script.write_text("#!/bin/sh\necho hello\n")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await wizard.go_to("identity")
        await wait_until(pilot, lambda: wizard.query("#script-path"))
        field = wizard.query_one("#script-path", Input)
        wizard.set_focus(field)
        field.value = str(script)
        await pilot.press("f3")
        await wait_until(pilot, lambda: wizard.step == "review")
        assert wizard.draft.script == script.read_text()


async def test_a_filter_that_matches_nothing_says_so(app, sim):
    """An empty list would look like one still loading."""
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        wizard.query_one("#dc-filter", Input).value = "zzz"
        await pilot.pause(0.1)
        listing = wizard.query_one("#dc-list", OptionList)
        assert listing.option_count == 1
        only = listing.get_option_at_index(0)
        assert only.disabled
        assert str(only.prompt) == (
            "No datacenter matches 'zzz'; Backspace widens the search."
        )
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert wizard.draft.datacenter == ""
