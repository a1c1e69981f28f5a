import pytest

from memorialmiles.honors.models import Agency, Hero
from tests_shared import shared_file

pytestmark = pytest.mark.django_db


def test_it_locates_the_agencies_of_the_memorial_file(run):
    run("honors", "import", str(shared_file("odmp_police_deaths_538_raw.csv")))
    memorial_agencies = Agency.objects.count()
    status, out, _ = run("agencies", "import", str(shared_file("fbi_ucr_agencies_2018.csv")))
    assert status == 0, out
    huntsville = Agency.objects.get(state="AL", name="Huntsville Police Department")
    assert huntsville.identifier == "AL0470100"
    assert huntsville.latitude == pytest.approx(34.764238)
    # There are Huntsville police departments in TX and MO too: each keeps its own state.
    assert Agency.objects.get(state="TX", name="Huntsville Police Department").identifier == (
        "TX2360100"
    )
    located = Agency.objects.filter(heroes__isnull=False, latitude__isnull=False).distinct()
    assert located.count() / memorial_agencies > 0.6
    # Importing the same list again changes nothing.
    before = Agency.objects.count()
    status, out, _ = run("agencies", "import", str(shared_file("fbi_ucr_agencies_2018.csv")))
    assert "0 created, 0 matched and located" in out
    assert Agency.objects.count() == before
    assert Hero.objects.count() == 22_800
