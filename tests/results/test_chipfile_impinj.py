import base64
import json

from memorialmiles.results.chipfiles import parse

EPC = "E28011606000020497CB0065"


def test_it_reads_json_lines_of_several_shapes():
    lines = [
        json.dumps({"timestamp": "2025-05-01T17:07:58.400Z", "eventType": "tagInventory",
                    "tagInventoryEvent": {"epcHex": EPC, "antennaPort": 1}}),
        json.dumps({"eventType": "tagInventory", "tagInventoryEvent": {
            "epc": base64.b64encode(bytes.fromhex(EPC)).decode(),
            "firstSeenTime": "2025-05-01T17:08:00Z"}}),
        json.dumps({"eventType": "antennaConnected", "antennaConnectedEvent": {}}),
        json.dumps({"tag_reads": [{"epc": EPC.lower(), "firstSeenTimestamp": 1746119281000000},
                                  {"epc": "AB", "firstSeenTimestamp": 1746119282250000}]}),
    ]  # fmt: skip
    out = parse(lines, "impinj", tags={EPC: "12", "AB": "13"})
    assert [(r.bib_or_tag, r.time, r.seq) for r in out.reads] == [
        ("12", 1746119278.4, 1), ("12", 1746119280.0, 2),
        ("12", 1746119281.0, 4000), ("13", 1746119282.25, 4001),
    ]  # fmt: skip
    assert (out.skipped, out.lines_read, out.rejected) == (1, 4, [])


def test_it_reads_csv_with_microsecond_timestamps():
    lines = [
        "reader_name,mac_address,epc,antenna_port,first_seen_timestamp,peak_rssi",
        f"r1,00:16,{EPC},1,1746119278400000,-45",
        f"r1,00:16,{EPC},1,soon,-45",
    ]
    out = parse(lines, "impinj")
    assert [(r.bib_or_tag, r.time) for r in out.reads] == [(EPC, 1746119278.4)]
    assert [(r.line, r.column) for r in out.rejected] == [(3, 5)]


def test_it_rejects_bad_json():
    lines = ["{not json", "[1]", json.dumps({"epc": "zz!"}), json.dumps({"epc": EPC})]
    out = parse(lines, "impinj")
    assert out.reads == [] and [r.line for r in out.rejected] == [1, 2, 3, 4]
