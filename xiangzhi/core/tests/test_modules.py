from xiangzhi.core.modules import registered_modules


def test_every_registered_module_has_a_page():
    for module in registered_modules():
        assert module.url.startswith("/"), module.key
