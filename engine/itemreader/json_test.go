package itemreader

import "testing"

func TestJSON(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		pointer string
		want    string
		wantErr string
	}{
		// Recorded: scenarios/test_map_item_reader_base_json.
		{name: "recorded base_json",
			data: `[{"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"}, {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"}, {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"}]`,
			want: `[{"verdict":"true","statement_date":"6/11/2008","statement_source":"speech"},{"verdict":"false","statement_date":"6/7/2022","statement_source":"television"},{"verdict":"mostly-true","statement_date":"5/18/2016","statement_source":"news"}]`},
		// Recorded: scenarios/test_map_item_reader_json_no_json_list_object.
		{name: "recorded object root", data: `{"Hello": "world"}`, wantErr: nonIterableCause},

		{name: "scalars and numbers kept exact", data: `[1, 2.50, 12345678901234567890, "s", true, null, [1], {}]`,
			want: `[1, 2.50, 12345678901234567890, "s", true, null, [1], {}]`},
		{name: "empty array", data: `[]`, want: `[]`},
		{name: "white space and BOM", data: "\ufeff \n [ 1 ] \n", want: `[1]`},
		{name: "string root", data: `"abc"`, wantErr: nonIterableCause},
		{name: "number root", data: `42`, wantErr: nonIterableCause},
		{name: "null root", data: `null`, wantErr: nonIterableCause},
		{name: "invalid JSON", data: `[1, }`, wantErr: "The JSON file is not valid JSON: invalid character '}' looking for beginning of value"},
		{name: "truncated", data: `[1, 2`, wantErr: "The JSON file ends before its array is complete."},
		{name: "empty file", data: ``, wantErr: "The JSON file ends before its array is complete."},

		// ItemsPointer (RFC 6901).
		{name: "pointer to nested array", pointer: "/inventory/products/featured",
			data: `{"meta": {"x": [1, {"y": 2}]}, "inventory": {"other": [9], "products": {"featured": [{"id": 1}, {"id": 2}]}}}`,
			want: `[{"id": 1}, {"id": 2}]`},
		{name: "pointer through array index", pointer: "/a/1", data: `{"a": [[1], [2, 3], [4]]}`, want: `[2, 3]`},
		{name: "pointer escapes", pointer: "/a~1b/c~0d", data: `{"a/b": {"c~d": ["x"]}}`, want: `["x"]`},
		{name: "pointer empty key", pointer: "/", data: `{"": [true]}`, want: `[true]`},
		{name: "empty pointer is the root", pointer: "", data: `[1]`, want: `[1]`},
		{name: "pointer to object", pointer: "/a", data: `{"a": {"k": 1}}`, wantErr: nonIterableCause},
		{name: "pointer to scalar", pointer: "/a", data: `{"a": 1}`, wantErr: nonIterableCause},
		{name: "pointer missing key", pointer: "/b", data: `{"a": [1]}`, wantErr: nonIterableCause},
		{name: "pointer index out of range", pointer: "/3", data: `[[1]]`, wantErr: nonIterableCause},
		{name: "pointer index with leading zero", pointer: "/01", data: `[[1], [2]]`, wantErr: nonIterableCause},
		{name: "pointer into scalar", pointer: "/a/b", data: `{"a": 1}`, wantErr: nonIterableCause},
		{name: "pointer without slash", pointer: "a", data: `{"a": [1]}`, wantErr: `ItemsPointer "a" is not a JSON pointer: it must start with "/".`},
		{name: "pointer first match wins over later keys", pointer: "/a", data: `{"a": [1], "a": [2]}`, want: `[1]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := memStore{"b": {"f.json": []byte(tc.data)}}
			got, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "f.json", InputType: "JSON", ItemsPointer: tc.pointer})
			checkResult(t, got, err, tc.want, tc.wantErr)
		})
	}
}

func TestJSONL(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    string
		wantErr string
	}{
		{name: "one item per line", data: "{\"a\":1}\n[2]\n\"s\"\n3\nnull\n", want: `[{"a":1},[2],"s",3,null]`},
		{name: "no final newline", data: "1\n2", want: `[1,2]`},
		{name: "CRLF", data: "1\r\n2\r\n", want: `[1,2]`},
		{name: "blank and white-space lines skipped", data: "\n1\n  \t\n\r\n2\n\n", want: `[1,2]`},
		{name: "BOM", data: "\ufeff1\n", want: `[1]`},
		{name: "empty file", data: "", want: `[]`},
		{name: "invalid line", data: "1\n{\"a\":\n", wantErr: "Line 2 of the JSONL file is not valid JSON: unexpected EOF"},
		{name: "two values on a line", data: "1 2\n", wantErr: "Line 1 of the JSONL file holds more than one JSON value."},
		{name: "value spanning lines is invalid", data: "[1,\n2]\n", wantErr: "Line 1 of the JSONL file is not valid JSON: unexpected EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := memStore{"b": {"f.jsonl": []byte(tc.data)}}
			got, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "f.jsonl", InputType: "JSONL"})
			checkResult(t, got, err, tc.want, tc.wantErr)
		})
	}
}

func TestCompressionAndMaxItems(t *testing.T) {
	store := memStore{"b": {
		"f.csv.gz":   gzipped(t, "a\n1\n2\n3\n"),
		"f.json.GZ":  gzipped(t, `[1,2,3]`),
		"f.jsonl.gz": gzipped(t, "1\n2\n3\n"),
		"bad.csv.gz": []byte("this is not gzip data"),
		"f.csv.zstd": []byte("x"),
		"f.csv":      []byte("a\n1\n2\n3\n"),
	}}
	tests := []struct {
		name     string
		key      string
		input    string
		maxItems int64
		want     string
		wantErr  string
	}{
		{name: "csv.gz", key: "f.csv.gz", input: "CSV", want: `[{"a":"1"},{"a":"2"},{"a":"3"}]`},
		{name: "json.GZ", key: "f.json.GZ", input: "JSON", want: `[1,2,3]`},
		{name: "jsonl.gz", key: "f.jsonl.gz", input: "JSONL", want: `[1,2,3]`},
		{name: "corrupt gzip", key: "bad.csv.gz", input: "CSV", wantErr: `Object "bad.csv.gz" is not valid gzip: gzip: invalid header`},
		{name: "zstd unsupported", key: "f.csv.zstd", input: "CSV", wantErr: `Object "f.csv.zstd" is ZSTD-compressed, which this simulator does not read.`},
		// MaxItems: 0 ⇒ no limit (OBS 2024-03, scenarios/..._max_items_paths_0);
		// 2 ⇒ the first two (..._max_items_paths_2); -1 ⇒ failure
		// (..._max_items_paths_-1).
		{name: "MaxItems 0", key: "f.csv", input: "CSV", want: `[{"a":"1"},{"a":"2"},{"a":"3"}]`},
		{name: "MaxItems 2", key: "f.csv", input: "CSV", maxItems: 2, want: `[{"a":"1"},{"a":"2"}]`},
		{name: "MaxItems above count", key: "f.csv", input: "CSV", maxItems: 100000001, want: `[{"a":"1"},{"a":"2"},{"a":"3"}]`},
		{name: "MaxItems gzip JSON", key: "f.json.GZ", input: "JSON", maxItems: 1, want: `[1]`},
		{name: "MaxItems negative", key: "f.csv", input: "CSV", maxItems: -1, wantErr: "field MaxItems must be positive"},
		{name: "missing key", key: "nope.csv", input: "CSV", wantErr: "The specified key does not exist. (Bucket: b, Key: nope.csv)"},
		{name: "PARQUET", key: "f.csv", input: "PARQUET", wantErr: "InputType PARQUET is not supported by this simulator."},
		{name: "no InputType", key: "f.csv", input: "", wantErr: `InputType "" cannot be read from an object.`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: tc.key, InputType: tc.input, MaxItems: tc.maxItems})
			checkResult(t, got, err, tc.want, tc.wantErr)
		})
	}
	_, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "nobucket", Key: "k", InputType: "CSV"})
	checkResult(t, nil, err, nil, "The specified bucket does not exist. (Bucket: nobucket)")
	_, err = openAndRead(t, store, Config{Resource: "arn:aws:states:::s3:putObject", Bucket: "b", Key: "f.csv", InputType: "CSV"})
	checkResult(t, nil, err, nil, `ItemReader resource "arn:aws:states:::s3:putObject" is not supported.`)
}
