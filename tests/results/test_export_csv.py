import io

from memorialmiles.results import Entry, compute
from memorialmiles.results.export import write_csv


def test_it_writes_the_full_table_and_defuses_formulas(entries, reads, starts):
    hostile = [Entry("9", "=HYPERLINK(1)", "-x", "M", 30, "@corp")]
    out = io.StringIO()
    write_csv(compute(entries + hostile, reads, starts), out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("place,bib,name,first_name,last_name,sex,age,sex_place,division,")
    assert lines[1] == (
        "1,1,Ann Lee,Ann,Lee,F,34,1,F30-34,1,Huntsville PD,1,0:07:58.4,0:07:58.4,7:58,4:57,finished"
    )
    assert "'=HYPERLINK(1) -x,'=HYPERLINK(1),'-x" in lines[-1] and "'@corp" in lines[-1]


def test_it_writes_upload_columns_for_finishers_only(entries, reads, starts):
    out = io.StringIO()
    write_csv(compute(entries, reads, starts), out, columns="upload")
    assert out.getvalue().splitlines() == [
        "place,bib,first,last,age,sex,time,division",
        "1,1,Ann,Lee,34,F,0:07:58.4,F30-34",
        "2,2,Bo,Ray,41,M,0:08:00,M40-44",
        "2,3,Cy,Kim,42,M,0:08:00,M40-44",
        "4,4,Di,Ng,36,F,0:08:15.25,F35-39",
    ]
