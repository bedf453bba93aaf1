"""/docs renders Swagger UI in Chromium under its own Content-Security-Policy, with no violation."""


def test_swagger_ui_renders_without_csp_violations(browser, server):
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));""")
    response = page.goto(server.base + "/docs")
    assert "script-src" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)  # the operations, drawn by the inline start-up
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Samling API")
    assert page.evaluate("window.__csp || []") == []
    assert violations == []
    page.close()
