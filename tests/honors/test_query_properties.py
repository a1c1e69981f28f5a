"""The query reader (memorialmiles.registry.query): pure, so checked on any text."""

from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.registry.query import (
    AGENCY_SHORTHAND,
    MAX_WORDS,
    RANKS,
    YEAR_MAX,
    YEAR_MIN,
    Query,
    fold,
    parse_query,
)
from memorialmiles.registry.states import STATE_NAMES

STATES = {c: n for c, n in STATE_NAMES.items() if c not in {"US", "RR", "TR"}}
# Surnames that are no state, rank, shorthand or year.
names = st.sampled_from(["Crumby", "Núñez", "O'Neil", "Baker", "Smith-Jones", "Quimby", "Lee"])


@given(st.text(max_size=200))
def test_it_reads_any_text_without_failing(text):
    query = parse_query(text)
    assert len(query.words) <= MAX_WORDS
    assert all(w and w == fold(w) and w.isalnum() or "_" in w for w in query.words)
    assert query.state == "" or query.state in STATE_NAMES
    assert query.year is None or YEAR_MIN <= query.year <= YEAR_MAX


@given(
    names,
    st.sampled_from(sorted(STATES)),
    st.booleans(),
    st.sampled_from(["upper", "lower", "title"]),
)
def test_a_state_name_in_any_case_means_the_state(name, code, name_first, case):
    state = getattr(STATES[code], case)()
    query = parse_query(f"{name} {state}" if name_first else f"{state} {name}")
    assert query.state == code
    assert query.words == tuple(parse_query(name).words)


@given(names, st.sampled_from(sorted(STATES)))
def test_a_postal_code_typed_in_capitals_means_the_state(name, code):
    query = parse_query(f"{name} {code}")
    assert query.state == code
    assert query.words == parse_query(name).words


def test_a_lower_case_two_letter_word_stays_a_word():
    assert parse_query("al smith") == Query(words=("al", "smith"))
    assert parse_query("AL") == Query(state="AL")
    assert parse_query("Alabama").state == "AL"
    assert parse_query("west virginia").state == "WV"
    assert parse_query("New York PD") == Query(words=("police", "department"), state="NY")


@given(names, st.sampled_from(sorted(AGENCY_SHORTHAND)), st.sampled_from([str.upper, str.lower]))
def test_agency_shorthand_expands(name, short, case):
    query = parse_query(f"{name} {case(short)}")
    expected = tuple(
        w
        for w in dict.fromkeys((*parse_query(name).words, *AGENCY_SHORTHAND[short]))
        if w not in {"of", "the", "and"}
    )
    if not (case is str.upper and short.upper() in STATE_NAMES):
        assert query.words == expected


@given(names, st.sampled_from(sorted(RANKS)), st.sampled_from(["", "."]))
def test_a_rank_matches_the_rank_not_a_name(name, rank, dot):
    typed = rank.title() + dot
    query = parse_query(f"{typed} {name}")
    assert query.ranks == (RANKS[rank],)
    assert query.words == parse_query(name).words


def test_it_knows_the_ranks_people_abbreviate():
    assert parse_query("Sgt. Crumby").ranks == ("sergeant",)
    assert parse_query("Deputy Sheriff Smith").ranks == ("deputy sheriff",)
    assert parse_query("Officer").ranks == ("officer",)
    # An agency word stays a word: "Sheriff's Office" is an agency, not a rank.
    assert parse_query("Madison County Sheriff").ranks == ()


@given(names, st.integers(YEAR_MIN, YEAR_MAX))
def test_a_year_narrows_the_end_of_watch(name, year):
    query = parse_query(f"{name} {year}")
    assert query.year == year
    assert str(year) not in query.words


@given(names, st.integers(0, 9999).filter(lambda y: not YEAR_MIN <= y <= YEAR_MAX))
def test_a_number_that_is_no_year_stays_a_word(name, number):
    assert parse_query(f"{name} {number}").year is None


@given(names, st.sampled_from(["K9", "k9", "K-9", "canine"]))
def test_k9_means_the_dogs(name, k9):
    query = parse_query(f"{k9} {name}")
    assert query.k9 and query.words == parse_query(name).words


@given(st.text(max_size=80))
def test_the_written_back_query_reads_the_same(text):
    query = parse_query(text)
    assert parse_query(query.text()) == query


@given(st.text(max_size=80))
def test_the_literal_words_are_every_word_typed(text):
    query = parse_query(text)
    assert (
        set(query.words)
        - {"police", "department", "sheriff", "office", "fire"}
        - {"public", "safety", "highway", "patrol", "corrections"}
        <= set(query.literal)
        or len(query.literal) == MAX_WORDS
    )
