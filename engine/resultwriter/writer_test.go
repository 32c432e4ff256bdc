package resultwriter

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// write runs a Writer over records and returns the store and the result.
func write(t *testing.T, cfg Config, records []*Record, maxBytes int64) (*memStore, map[string]any) {
	t.Helper()
	store := newMemStore()
	w := New(store, cfg, testMapRunArn, testMapRunID)
	if maxBytes > 0 {
		w.MaxFileBytes = maxBytes
	}
	ctx := context.Background()
	for _, r := range records {
		if err := w.Add(ctx, r); err != nil {
			t.Fatalf("Add: %v", err)
		}
	}
	res, err := w.Close(ctx)
	if err != nil {
		t.Fatalf("Close: %v", err)
	}
	return store, res
}

// TestGoldenFiles pins every file's bytes for each output type and
// transformation. Run with -update after a deliberate format change.
func TestGoldenFiles(t *testing.T) {
	tests := []struct{ outputType, transformation string }{
		{"JSON", "NONE"}, {"JSONL", "NONE"},
		{"JSON", "COMPACT"}, {"JSONL", "COMPACT"},
		{"JSON", "FLATTEN"}, {"JSONL", "FLATTEN"},
	}
	for _, tc := range tests {
		name := tc.outputType + "_" + tc.transformation
		t.Run(name, func(t *testing.T) {
			store, res := write(t, exportConfig("out", tc.outputType, tc.transformation), sampleRecords(), 0)
			var b bytes.Buffer
			fmt.Fprintf(&b, "== result ==\n%s\n", payload.Marshal(res))
			for _, k := range store.order {
				fmt.Fprintf(&b, "== %s ==\n%s\n", k, store.objects[k])
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, b.Bytes())
			}
		})
	}
}

func TestLayout(t *testing.T) {
	tests := []struct {
		name, prefix string
		records      []*Record
		wantKeys     []string // in put order, under bucket bkt
	}{
		{name: "no prefix", records: sampleRecords(), wantKeys: []string{
			"ID/FAILED_0.json", "ID/PENDING_0.json", "ID/SUCCEEDED_0.json", "ID/manifest.json"}},
		{name: "prefix without slash", prefix: "out", records: sampleRecords(), wantKeys: []string{
			"out/ID/FAILED_0.json", "out/ID/PENDING_0.json", "out/ID/SUCCEEDED_0.json", "out/ID/manifest.json"}},
		{name: "prefix with slash", prefix: "out/", records: sampleRecords(), wantKeys: []string{
			"out/ID/FAILED_0.json", "out/ID/PENDING_0.json", "out/ID/SUCCEEDED_0.json", "out/ID/manifest.json"}},
		{name: "nested prefix", prefix: "a/b", records: sampleRecords()[:1], wantKeys: []string{
			"a/b/ID/SUCCEEDED_0.json", "a/b/ID/manifest.json"}},
		{name: "no records", prefix: "p", wantKeys: []string{"p/ID/manifest.json"}},
		{name: "only failures", records: sampleRecords()[2:5], wantKeys: []string{"ID/FAILED_0.json", "ID/manifest.json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store, res := write(t, exportConfig(tc.prefix, "JSON", "NONE"), tc.records, 0)
			var want []string
			for _, k := range tc.wantKeys {
				want = append(want, "bkt/"+strings.ReplaceAll(k, "ID", testMapRunID))
			}
			if !reflect.DeepEqual(store.order, want) {
				t.Errorf("keys written\n%q\nwant\n%q", store.order, want)
			}
			manifestKey := strings.TrimPrefix(want[len(want)-1], "bkt/")
			wantRes := map[string]any{"MapRunArn": testMapRunArn,
				"ResultWriterDetails": map[string]any{"Bucket": "bkt", "Key": manifestKey}}
			if !reflect.DeepEqual(res, wantRes) {
				t.Errorf("result %v, want %v", res, wantRes)
			}
			checkManifest(t, store.objects, "bkt", manifestKey)
		})
	}
}

// checkManifest verifies that the manifest lists exactly the files written
// beside it, each with its true size, and an array for every category.
func checkManifest(t *testing.T, objects map[string][]byte, bucket, key string) {
	t.Helper()
	m, ok := decode(t, objects[bucket+"/"+key]).(map[string]any)
	if !ok {
		t.Fatalf("manifest is not an object: %s", objects[bucket+"/"+key])
	}
	if m["DestinationBucket"] != bucket || m["MapRunArn"] != testMapRunArn {
		t.Errorf("manifest header %v", m)
	}
	files := m["ResultFiles"].(map[string]any)
	listed := map[string]bool{}
	for _, cat := range []string{"FAILED", "PENDING", "SUCCEEDED"} {
		list, ok := files[cat].([]any)
		if !ok {
			t.Errorf("ResultFiles.%s = %v, want an array", cat, files[cat])
			continue
		}
		for i, e := range list {
			f := e.(map[string]any)
			k := f["Key"].(string)
			if want := strings.TrimSuffix(key, "manifest.json") + fmt.Sprintf("%s_%d.json", cat, i); k != want {
				t.Errorf("file %d of %s is %s, want %s", i, cat, k, want)
			}
			body, ok := objects[bucket+"/"+k]
			if !ok {
				t.Errorf("manifest lists %s, which was not written", k)
			}
			if size := fmt.Sprint(f["Size"]); size != fmt.Sprint(len(body)) {
				t.Errorf("%s: manifest size %s, written %d bytes", k, size, len(body))
			}
			listed[bucket+"/"+k] = true
		}
	}
	for k := range objects {
		if !listed[k] && k != bucket+"/"+key {
			t.Errorf("%s was written but is not in the manifest", k)
		}
	}
}

func TestSplitting(t *testing.T) {
	// 40 successes with equal-size outputs; every entry is 5 bytes ("12345")
	// under COMPACT, so sizes are easy to reason about.
	var records []*Record
	for i := range 40 {
		records = append(records, &Record{Status: StatusSucceeded, Output: fmt.Sprintf("%03d", i)})
	}
	tests := []struct {
		name, outputType string
		max              int64
		wantFiles        int
	}{
		// JSON: "[" + n entries of 5 bytes + (n-1) commas + "]" = 6n+1 ≤ 61 ⇒ 10 a file.
		{"JSON ten a file", "JSON", 61, 4},
		{"JSON just under ten", "JSON", 60, 5}, // 9 a file: 40 = 4×9 + 4
		// JSONL: n entries of 5 bytes + n newlines = 6n ≤ 60 ⇒ 10 a file.
		{"JSONL ten a file", "JSONL", 60, 4},
		{"entry larger than the cap", "JSON", 3, 40},
		{"default cap", "JSON", 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store, res := write(t, exportConfig("s", tc.outputType, "COMPACT"), records, tc.max)
			manifestKey := res["ResultWriterDetails"].(map[string]any)["Key"].(string)
			checkManifest(t, store.objects, "bkt", manifestKey)
			if got := len(store.objects) - 1; got != tc.wantFiles {
				t.Errorf("%d result files, want %d", got, tc.wantFiles)
			}
			// Reading the files in order gives every output in order.
			var got []string
			for i := range tc.wantFiles {
				body := store.objects[fmt.Sprintf("bkt/s/%s/SUCCEEDED_%d.json", testMapRunID, i)]
				if tc.max >= 6 && int64(len(body)) > tc.max {
					t.Errorf("file %d has %d bytes, above the cap %d", i, len(body), tc.max)
				}
				if tc.outputType == "JSONL" {
					for _, line := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
						got = append(got, decode(t, []byte(line)).(string))
					}
					continue
				}
				for _, v := range decode(t, body).([]any) {
					got = append(got, v.(string))
				}
			}
			for i, s := range got {
				if s != fmt.Sprintf("%03d", i) {
					t.Fatalf("entry %d is %q: order lost across files", i, s)
				}
			}
			if len(got) != len(records) {
				t.Errorf("%d entries read back, want %d", len(got), len(records))
			}
		})
	}
}

func TestPutFailure(t *testing.T) {
	tests := []struct {
		name, failOn string
		max          int64
		inAdd        bool // the failure surfaces from Add (a full file flushed early)
	}{
		{name: "data file", failOn: "FAILED_0.json"},
		{name: "manifest", failOn: "manifest.json"},
		{name: "flush during Add", failOn: "SUCCEEDED_0.json", max: 1, inAdd: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := newMemStore()
			store.failOn = tc.failOn
			w := New(store, exportConfig("out", "JSON", "NONE"), testMapRunArn, testMapRunID)
			if tc.max > 0 {
				w.MaxFileBytes = tc.max
			}
			ctx := context.Background()
			var err error
			for _, r := range sampleRecords() {
				if err = w.Add(ctx, r); err != nil {
					break
				}
			}
			if (err != nil) != tc.inAdd {
				t.Fatalf("Add error %v, want one: %v", err, tc.inAdd)
			}
			if err == nil {
				_, err = w.Close(ctx)
			}
			se := statesError(t, err, asl.ErrResultWriterFailed)
			wantKey := "s3://bkt/out/" + testMapRunID + "/" + tc.failOn
			if !strings.Contains(se.Cause, wantKey) || !strings.Contains(se.Cause, errDenied.Error()) {
				t.Errorf("cause %q should name %s and the store's error", se.Cause, wantKey)
			}
		})
	}
}

func TestWriterMisuse(t *testing.T) {
	ctx := context.Background()
	w := New(newMemStore(), exportConfig("", "JSON", "NONE"), testMapRunArn, testMapRunID)
	if err := w.Add(ctx, &Record{Status: "RUNNING"}); err == nil || !strings.Contains(err.Error(), "RUNNING") {
		t.Errorf("Add(RUNNING) = %v, want an error naming the status", err)
	}
	if err := w.Add(ctx, nil); err == nil {
		t.Error("Add(nil) succeeded")
	}
	if _, err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(ctx, sampleRecords()[0]); err == nil {
		t.Error("Add after Close succeeded")
	}
	if _, err := w.Close(ctx); err == nil {
		t.Error("second Close succeeded")
	}
	inState := New(newMemStore(), Config{OutputType: "JSON", Transformation: "COMPACT"}, testMapRunArn, testMapRunID)
	if err := inState.Add(ctx, sampleRecords()[0]); err == nil || !strings.Contains(err.Error(), "Transform") {
		t.Errorf("Add without export = %v, want advice to use Transform", err)
	}
}
