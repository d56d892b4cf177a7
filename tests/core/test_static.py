import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template


def test_plotly_js_is_found_in_the_installed_package():
    path = finders.find("vendor/plotly/plotly.min.js")
    assert path and path.endswith("plotly.min.js")
    with open(path, encoding="utf-8") as fh:
        assert "plotly" in fh.read(2000).lower()


def test_plotly_script_tag_points_at_our_own_static_files():
    html = Template("{% load healthycity %}{% plotly_script %}").render(Context())
    assert html == '<script src="/static/vendor/plotly/plotly.min.js"></script>'


@pytest.mark.django_db
def test_plotly_js_is_served_by_the_app(client):
    response = client.get("/static/vendor/plotly/plotly.min.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
