def test_aid_fixture_builds(aid):
    assert aid.lot.balances.get(location=aid.loc_a).quantity == 10
