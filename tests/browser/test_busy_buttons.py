"""Real browser: an upload page's button says the file is being checked once pressed, and
cannot be pressed twice (static/js/busy.js)."""

import pytest
from browser_checks import sign_in

pytestmark = pytest.mark.browser


def test_the_import_button_says_it_is_checking_and_cannot_be_pressed_twice(
    page, live_server, django_user_model, tmp_path
):
    sign_in(page, live_server, django_user_model, "clerk", "Editors")
    page.goto(f"{live_server.url}/incidents/import/")
    upload = tmp_path / "incidents.csv"
    upload.write_text("case_number,date\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(upload)
    sent = []

    def answer_later(route):
        sent.append(route.request.method)
        route.abort()

    page.route("**/incidents/import/", answer_later)
    # The form is sent into a frame, so that the page stays to be read while it runs.
    page.evaluate(SEND_INTO_A_FRAME)
    button = page.locator("button[data-busy-text]")
    button.click()
    page.wait_for_function("document.querySelector('button[data-busy-text]').disabled")
    assert button.inner_text() == "Checking the file…"
    assert page.locator("form[aria-busy=true]").count() == 1
    button.click(force=True)  # a second press sends nothing
    page.wait_for_timeout(300)
    assert sent == ["POST"]


SEND_INTO_A_FRAME = """() => {
  const frame = document.createElement("iframe");
  frame.name = "sink";
  document.body.append(frame);
  document.querySelector("button[data-busy-text]").form.target = "sink";
}"""
