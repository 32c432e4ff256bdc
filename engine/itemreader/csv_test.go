package itemreader

import "testing"

// The rows LocalStack's recorded tests put in S3 (test_base_scenarios.py);
// the expected items are the outputs AWS recorded for them (conformance
// cases scenarios/test_map_item_reader_*).
const (
	recordedRows      = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"
	recordedRowsItems = `[{"H1":"Value1","H2":"Value2","H3":"Value3"},{"H1":"Value4","H2":"Value5","H3":"Value6"},` +
		`{"H1":"","H2":"","H3":""},{"H1":"true","H2":"1","H3":"'HelloWorld'"},{"H1":"Null","H2":"None","H3":""},` +
		`{"H1":"   ","H2":"","H3":""}]`
)

func TestCSV(t *testing.T) {
	h := func(s ...string) []string { return s }
	tests := []struct {
		name    string
		data    string
		delim   string   // CSVDelimiter; "" = default
		given   []string // nil = FIRST_ROW
		want    string   // items as JSON
		wantErr string   // States.ItemReaderFailed cause
	}{
		// Recorded on AWS (conformance cases named in each line).
		{name: "recorded headers_decl", data: recordedRows, given: h("H1", "H2", "H3"), want: recordedRowsItems},
		{name: "recorded headers_first_line", data: "Col1,Col2,Col3\n" + recordedRows,
			want: `[{"Col1":"Value1","Col2":"Value2","Col3":"Value3"},{"Col1":"Value4","Col2":"Value5","Col3":"Value6"},` +
				`{"Col1":"","Col2":"","Col3":""},{"Col1":"true","Col2":"1","Col3":"'HelloWorld'"},` +
				`{"Col1":"Null","Col2":"None","Col3":""},{"Col1":"   ","Col2":"","Col3":""}]`},
		{name: "recorded headers_decl_extra_fields", data: recordedRows, given: h("H1"),
			want: `[{"H1":"Value1"},{"H1":"Value4"},{"H1":""},{"H1":"true"},{"H1":"Null"},{"H1":"   "}]`},
		{name: "recorded first_row_extra_fields", data: "H1,\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
			want: `[{"H1":"Value4","":"Value5"},{"H1":"","":""},{"H1":"true","":"1"},{"H1":"Null","":"None"},{"H1":"   ","":""}]`},
		{name: "recorded first_row_typed_headers", data: "0,True,{}\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
			want: `[{"0":"Value4","True":"Value5","{}":"Value6"},{"0":"","True":"","{}":""},{"0":"true","True":"1","{}":"'HelloWorld'"},` +
				`{"0":"Null","True":"None","{}":""},{"0":"   ","True":"","{}":""}]`},
		{name: "recorded duplicate given headers", data: recordedRows, given: h("H1", "H1", "H3"),
			wantErr: "CSV headers cannot contain duplicates."},

		// AWS's documented example (example-csv-parse-dist-map): quoted
		// delimiter and newline, "" inside and outside quotes.
		{name: "AWS docs example", given: h("MyLetters", "MyNumbers", "MyString", "MyObject", "MyArray"),
			data: "abc,123,\"This string contains commas, a double quotation marks (\"\"), and a newline (\n)\",{\"\"MyKey\"\":\"\"MyValue\"\"},\"[1,2,3]\"\n",
			want: `[{"MyLetters":"abc","MyNumbers":"123","MyString":"This string contains commas, a double quotation marks (\"), and a newline (\n)","MyObject":"{\"MyKey\":\"MyValue\"}","MyArray":"[1,2,3]"}]`},
		{name: "docs backslash example", data: "path,size\nC:\\\\Program Files\\\\MyApp.exe,6534512\n",
			want: `[{"path":"C:\\Program Files\\MyApp.exe","size":"6534512"}]`},

		// Quotes.
		{name: "quoted delimiter", data: "a,b\n\"x,y\",z\n", want: `[{"a":"x,y","b":"z"}]`},
		{name: "quoted newline", data: "a,b\n\"x\ny\",z\n", want: `[{"a":"x\ny","b":"z"}]`},
		{name: "quoted CRLF kept", data: "a,b\r\n\"x\r\ny\",z\r\n", want: `[{"a":"x\r\ny","b":"z"}]`},
		{name: "doubled quote in quotes", data: "a\n\"say \"\"hi\"\"\"\n", want: `[{"a":"say \"hi\""}]`},
		{name: "empty quoted field", data: "a,b,c\n\"\",x,\"\"\n", want: `[{"a":"","b":"x","c":""}]`},
		{name: "quoted quote only", data: "a\n\"\"\"\"\n", want: `[{"a":"\""}]`},
		{name: "text after closing quote", data: "a\n\"ab\"cd\n", want: `[{"a":"abcd"}]`},
		{name: "quotes are optional", data: "a,b\n\"x\",y\n", want: `[{"a":"x","b":"y"}]`},
		{name: "unclosed quote runs to end", data: "a,b\n\"x,y\nz\n", want: `[{"a":"x,y\nz\n","b":""}]`},
		{name: "quoted header", data: "\"a,1\",b\n1,2\n", want: `[{"a,1":"1","b":"2"}]`},

		// Backslashes.
		{name: "escaped backslash", data: "a\nx\\\\y\n", want: `[{"a":"x\\y"}]`},
		{name: "escaped delimiter", data: "a,b\nx\\,y,z\n", want: `[{"a":"x,y","b":"z"}]`},
		{name: "escaped pipe delimiter", delim: "PIPE", data: "a|b\nx\\|y|z\n", want: `[{"a":"x|y","b":"z"}]`},
		{name: "backslash before comma with pipe delimiter is dropped", delim: "PIPE", data: "a|b\nx\\,y|z\n", want: `[{"a":"x,y","b":"z"}]`},
		{name: "backslash before other char dropped", data: "a\nx\\ny\\t\n", want: `[{"a":"xnyt"}]`},
		{name: "trailing backslash dropped", data: "a,b\nx\\\n", want: `[{"a":"x","b":""}]`},
		{name: "escaped quotes in pairs", data: "a,b\nsay \\\"hi\\\",z\n", want: `[{"a":"say \"hi\"","b":"z"}]`},
		{name: "escaped quotes in pairs inside quotes", data: "a,b\n\"x \\\"y\\\", w\",z\n", want: `[{"a":"x \"y\", w","b":"z"}]`},
		{name: "single escaped quote keeps the record open", data: "a,b\n5\\\"6,x\ny,z\n",
			want: `[{"a":"5\"6","b":"x\ny"}]`},

		// Field counts.
		{name: "fewer fields", data: "a,b,c\n1\n", want: `[{"a":"1","b":"","c":""}]`},
		{name: "more fields", data: "a\n1,2,3\n", want: `[{"a":"1"}]`},
		{name: "empty fields", data: "a,b\n,\n", want: `[{"a":"","b":""}]`},

		// Delimiters.
		{name: "PIPE", delim: "PIPE", data: "a|b\n1,2|3\n", want: `[{"a":"1,2","b":"3"}]`},
		{name: "SEMICOLON", delim: "SEMICOLON", data: "a;b\n1;2\n", want: `[{"a":"1","b":"2"}]`},
		{name: "SPACE", delim: "SPACE", data: "a b\n1 \"2 3\"\n", want: `[{"a":"1","b":"2 3"}]`},
		{name: "TAB", delim: "TAB", data: "a\tb\n1\t2\n", want: `[{"a":"1","b":"2"}]`},
		{name: "COMMA explicit", delim: "COMMA", data: "a;b,c\n1;2,3\n", want: `[{"a;b":"1;2","c":"3"}]`},
		{name: "unknown delimiter", delim: "COLON", data: "a\n1\n", wantErr: `CSVDelimiter "COLON" is not one of COMMA, PIPE, SEMICOLON, SPACE, TAB.`},

		// Line endings, BOM, blank lines (our choices, §4.1 leaves them open).
		{name: "CRLF", data: "a,b\r\n1,2\r\n3,4\r\n", want: `[{"a":"1","b":"2"},{"a":"3","b":"4"}]`},
		{name: "CRLF without final newline", data: "a,b\r\n1,2\r", want: `[{"a":"1","b":"2"}]`},
		{name: "lone CR is data", data: "a,b\n1\r2,3\n", want: `[{"a":"1\r2","b":"3"}]`},
		{name: "no final newline", data: "a,b\n1,2", want: `[{"a":"1","b":"2"}]`},
		{name: "BOM dropped", data: "\ufeffa,b\n1,2\n", want: `[{"a":"1","b":"2"}]`},
		{name: "BOM dropped with given headers", data: "\ufeff1,2\n", given: h("a", "b"), want: `[{"a":"1","b":"2"}]`},
		{name: "blank lines skipped", data: "\n\na,b\n\n1,2\r\n\r\n3,4\n\n", want: `[{"a":"1","b":"2"},{"a":"3","b":"4"}]`},
		{name: "blank lines skipped with given headers", data: "\n1,2\n\n", given: h("a", "b"), want: `[{"a":"1","b":"2"}]`},
		{name: "spaces are a record", data: "a,b\n \n", want: `[{"a":" ","b":""}]`},
		{name: "empty file", data: "", want: `[]`},
		{name: "header only", data: "a,b\n", want: `[]`},
		{name: "empty file given headers", data: "", given: h("a"), want: `[]`},

		// Headers.
		{name: "duplicate first row headers", data: "a,b,a\n1,2,3\n", wantErr: "CSV headers cannot contain duplicates."},
		{name: "header values kept as written", data: " a ,b\n1,2\n", want: `[{" a ":"1","b":"2"}]`},
		{name: "values are strings", data: "n,b,z\n1.5,true,null\n", want: `[{"n":"1.5","b":"true","z":"null"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := memStore{"b": {"f.csv": []byte(tc.data)}}
			cfg := Config{Resource: ResourceGetObject, Bucket: "b", Key: "f.csv", InputType: "CSV",
				CSVDelimiter: tc.delim, CSVHeaderLocation: "FIRST_ROW"}
			if tc.given != nil {
				cfg.CSVHeaderLocation, cfg.CSVHeaders = "GIVEN", tc.given
			}
			got, err := openAndRead(t, store, cfg)
			checkResult(t, got, err, tc.want, tc.wantErr)
		})
	}
}

func TestCSVHeaderConfig(t *testing.T) {
	store := memStore{"b": {"f.csv": []byte("1,2\n")}}
	for _, tc := range []struct {
		loc     string
		headers []string
		cause   string
	}{
		{"GIVEN", nil, "CSVHeaders must be given when CSVHeaderLocation is GIVEN."},
		{"SECOND_ROW", nil, `CSVHeaderLocation "SECOND_ROW" is not FIRST_ROW or GIVEN.`},
	} {
		_, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "f.csv", InputType: "CSV",
			CSVHeaderLocation: tc.loc, CSVHeaders: tc.headers})
		checkResult(t, nil, err, nil, tc.cause)
	}
	// CSVHeaderLocation absent reads the first row as headers.
	got, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "f.csv", InputType: "CSV"})
	checkResult(t, got, err, `[]`, "")
}

func TestCSVRecordTooLong(t *testing.T) {
	data := make([]byte, MaxRecordBytes+10)
	for i := range data {
		data[i] = 'x'
	}
	data[0] = '"' // an unclosed quote swallows the rest
	store := memStore{"b": {"f.csv": append([]byte("a\n"), data...)}}
	_, err := openAndRead(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "f.csv", InputType: "CSV"})
	checkResult(t, nil, err, nil, "A CSV record is longer than 8388608 bytes (an unclosed double quote?).")
}
