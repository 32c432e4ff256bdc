package itemreader

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"

	"github.com/sfnsim/sfnsim/asl"
)

// The S3 objects LocalStack's recorded tests created before running each
// item_reader case (tests/aws/services/stepfunctions/v2/scenarios/
// test_base_scenarios.py). The cases themselves do not hold them; with them,
// the items AWS recorded can be compared with what this package reads.
var recordedObjects = map[string]map[string]string{
	"test_map_item_reader_base_csv_headers_first_line":         {"file.csv": "Col1,Col2,Col3\n" + recordedRows},
	"test_map_item_reader_base_csv_headers_decl":               {"file.csv": recordedRows},
	"test_map_item_reader_csv_headers_decl_duplicate_headers":  {"file.csv": recordedRows},
	"test_map_item_reader_csv_headers_decl_extra_fields":       {"file.csv": recordedRows},
	"test_map_item_reader_csv_headers_first_row_typed_headers": {"file.csv": "0,True,{}\n" + strings.SplitN(recordedRows, "\n", 2)[1]},
	"test_map_item_reader_csv_first_row_extra_fields":          {"file.csv": "H1,\n" + strings.SplitN(recordedRows, "\n", 2)[1]},
	"test_map_item_reader_base_json": {"file.json": `[{"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"}, ` +
		`{"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"}, ` +
		`{"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"}]`},
	"test_map_item_reader_json_no_json_list_object": {"file.json": `{"Hello": "world"}`},
	"test_map_item_reader_base_list_objects_v2": {
		"file_0.txt": "0HelloWorld!", "file_1.txt": "1HelloWorld!", "file_2.txt": "2HelloWorld!"},
}

// TestRecordedItemReaderCases runs the ItemReader of every recorded
// item_reader case whose S3 data is known and compares the items with the
// Map's recorded output (its children are Pass states, so the output is the
// item list), or the error with the recorded States.ItemReaderFailed.
func TestRecordedItemReaderCases(t *testing.T) {
	dir := os.Getenv("SFNSIM_CONFORMANCE")
	if dir == "" {
		dir = sharedtest.Path(t, "conformance") // skips in a plain clone, fails under CI=true
	}
	files, _ := filepath.Glob(filepath.Join(dir, "scenarios", "test_map_item_reader_*.json"))
	if len(files) == 0 {
		t.Fatalf("no item_reader conformance cases under %s", dir)
	}
	compared, matched := 0, 0
	for _, f := range files {
		base := filepath.Base(f)
		test := base[:strings.Index(base, "__")]
		objects, ok := recordedObjects[test]
		if !ok {
			continue // the S3 data of this case is not known
		}
		compared++
		t.Run(test, func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := asl.ParseJSON(base, text)
			if err != nil {
				t.Fatal(err)
			}
			var c struct {
				Input  map[string]any
				Expect struct {
					Status, Error, Cause string
					Output               any
				}
			}
			dec := json.NewDecoder(strings.NewReader(string(text)))
			dec.UseNumber()
			if err := dec.Decode(&c); err != nil {
				t.Fatal(err)
			}
			reader := doc.Root.Lookup("/definition/States/MapState/ItemReader")
			if reader == nil {
				t.Fatal("no MapState ItemReader")
			}
			// The ItemReaders here all take Bucket.$/Key.$ from the input.
			cfg, err := ParseConfig(reader, c.Input)
			if err != nil {
				t.Fatal(err)
			}
			store := memStore{cfg.Bucket: {}}
			for k, v := range objects {
				store[cfg.Bucket][k] = []byte(v)
			}
			items, err := openAndRead(t, store, cfg)
			if c.Expect.Status == "FAILED" {
				var se *asl.StatesError
				if !errors.As(err, &se) || se.Name != c.Expect.Error || se.Cause != c.Expect.Cause {
					t.Fatalf("got %v, recorded %s: %s", err, c.Expect.Error, c.Expect.Cause)
				}
				matched++
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !matchRecorded(items, c.Expect.Output) {
				g, _ := json.Marshal(items)
				w, _ := json.Marshal(c.Expect.Output)
				t.Fatalf("items\n got %s\nrecorded %s", g, w)
			}
			matched++
		})
	}
	t.Logf("recorded item_reader cases: %d matched of %d compared (%d cases in total)", matched, compared, len(files))
	if compared < 9 {
		t.Errorf("compared %d cases, want the 9 whose data is known", compared)
	}
}

// matchRecorded compares got with a recorded value, where the recorder's
// placeholders ("<date>", "<Etag-…>") match any value.
func matchRecorded(got, want any) bool {
	if s, ok := want.(string); ok && strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		return got != nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !matchRecorded(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !matchRecorded(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}
