import helper_module_that_does_not_exist  # a bug in the hidden tests


def test_out():
    assert open("/app/out.txt").read().strip() == "done"
