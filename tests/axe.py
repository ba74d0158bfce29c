"""axe-core (npm, pinned in package.json/package-lock.json) run inside a Playwright page or frame.

The script is read from node_modules (`make node` installs it with `npm ci`) and injected as an
inline script tag, so no network is needed. A missing axe-core skips locally and fails under
CI=true, like a missing Chromium.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import REPO_ROOT, running_in_ci

AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    if not AXE_JS.exists():
        message = f"axe-core is not installed ({AXE_JS}): run `make node`"
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def violations(target: Any, *, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """Every axe-core violation (any impact) in `target` (a Playwright Page or Frame), each as
    {id, impact, help, nodes: [selector, ...]}; `exclude` lists CSS selectors axe skips (another
    document's frames are checked on their own)."""
    if not target.evaluate("typeof window.axe === 'object'"):
        target.add_script_tag(content=axe_source())
    context = {"exclude": [[s] for s in exclude]} if exclude else None
    result = target.evaluate(
        """async (context) => {
            const r = await window.axe.run(context || document, { resultTypes: ['violations'],
                iframes: false });
            return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary) }));
        }""", context)
    return list(result)


def assert_clean(target: Any, *, what: str, exclude: list[str] | None = None) -> None:
    found = violations(target, exclude=exclude)
    lines = [f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
             for v in found]
    assert not found, f"axe-core found {len(found)} violation(s) on {what}:\n" + "\n".join(lines)
