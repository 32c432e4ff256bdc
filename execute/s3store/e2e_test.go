package s3store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// readItems drains an ItemReader opened through store.
func readItems(t *testing.T, store itemreader.ObjectStore, cfg itemreader.Config) ([]any, error) {
	t.Helper()
	it, err := itemreader.Open(context.Background(), store, cfg)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var items []any
	for {
		v, err := it.Next()
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return items, err
		}
		items = append(items, v)
	}
}

// TestItemReaderThroughStore has the engine's ItemReader read from the
// fake S3 as a Distributed Map would in `sfnsim run`.
func TestItemReaderThroughStore(t *testing.T) {
	f := newFakeS3(t, "bkt")
	f.put(t, "bkt", "in/people.csv", []byte("name,age\nada,36\n\"grace, h\",85\n"))
	for i := range 1003 {
		f.put(t, "bkt", fmt.Sprintf("many/%04d", i), []byte("x"))
	}
	csv := itemreader.Config{Resource: itemreader.ResourceGetObject, Bucket: "bkt", Key: "in/people.csv", InputType: "CSV"}
	missingKey, missingBucket := csv, csv
	missingKey.Key = "in/nope.csv"
	missingBucket.Bucket = "nobkt"

	tests := []struct {
		name      string
		cfg       itemreader.Config
		want      []any // nil: only count
		wantCount int
		wantCause string // States.ItemReaderFailed cause, when failing
	}{
		{name: "CSV with header", cfg: csv, want: []any{
			map[string]any{"name": "ada", "age": "36"},
			map[string]any{"name": "grace, h", "age": "85"},
		}},
		{name: "listing across pages", cfg: itemreader.Config{Resource: itemreader.ResourceListObjectsV2, Bucket: "bkt", Prefix: "many/"}, wantCount: 1003},
		{name: "missing key", cfg: missingKey, wantCause: "The specified key does not exist. (Bucket: bkt, Key: in/nope.csv)"},
		{name: "missing bucket", cfg: missingBucket, wantCause: "The specified bucket does not exist. (Bucket: nobkt)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readItems(t, f.store, tt.cfg)
			if tt.wantCause != "" {
				var se *asl.StatesError
				if !errors.As(err, &se) || se.Name != asl.ErrItemReaderFailed || se.Cause != tt.wantCause {
					t.Fatalf("error %v, want %s with cause %q", err, asl.ErrItemReaderFailed, tt.wantCause)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil && !reflect.DeepEqual(items, tt.want) {
				t.Fatalf("items %v, want %v", items, tt.want)
			}
			if tt.want == nil && len(items) != tt.wantCount {
				t.Fatalf("%d items, want %d", len(items), tt.wantCount)
			}
		})
	}
}

const (
	e2eMapRunID  = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	e2eMapRunArn = "arn:aws:states:us-east-1:123456789012:mapRun:sm/Map:" + e2eMapRunID
)

// TestResultWriterThroughStore has the engine's ResultWriter export a Map
// Run to the fake S3, and to a mapped local folder through a Router, and
// checks that the manifest lists exactly the files written.
func TestResultWriterThroughStore(t *testing.T) {
	f := newFakeS3(t, "results")
	dir := filepath.Join(t.TempDir(), "local-results")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	router, err := NewRouter(f.store, map[string]string{"local": dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		store  resultwriter.ObjectWriter
		bucket string
		// s3Puts is how many PutObject requests reach S3.
		s3Puts int
	}{
		{name: "S3", store: f.store, bucket: "results", s3Puts: 3},
		{name: "router to S3", store: router, bucket: "results", s3Puts: 3},
		{name: "router to folder", store: router, bucket: "local", s3Puts: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.reset()
			ctx := context.Background()
			cfg := resultwriter.Config{Bucket: tt.bucket, Prefix: "runs", Export: true, OutputType: resultwriter.OutputJSON, Transformation: resultwriter.TransformNone}
			w := resultwriter.New(tt.store, cfg, e2eMapRunArn, e2eMapRunID)
			start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
			records := []*resultwriter.Record{
				{ExecutionArn: "arn:aws:states:us-east-1:123456789012:execution:sm/Map:1", Name: "1", Status: resultwriter.StatusSucceeded,
					Input: map[string]any{"id": json.Number("1")}, Output: "ok", StartDate: start, StopDate: start.Add(time.Second)},
				{ExecutionArn: "arn:aws:states:us-east-1:123456789012:execution:sm/Map:2", Name: "2", Status: resultwriter.StatusFailed,
					Input: map[string]any{"id": json.Number("2")}, Error: "Boom", Cause: "bad", StartDate: start, StopDate: start.Add(time.Second)},
			}
			for _, r := range records {
				if err := w.Add(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			res, err := w.Close(ctx)
			if err != nil {
				t.Fatal(err)
			}
			details := res["ResultWriterDetails"].(map[string]any)
			if details["Bucket"] != tt.bucket {
				t.Errorf("result names bucket %v", details["Bucket"])
			}
			manifestKey := details["Key"].(string)
			if !strings.HasPrefix(manifestKey, "runs/") || !strings.HasSuffix(manifestKey, "/manifest.json") {
				t.Fatalf("manifest key %q", manifestKey)
			}

			var manifest struct {
				DestinationBucket string
				MapRunArn         string
				ResultFiles       map[string][]struct {
					Key  string
					Size int64
				}
			}
			if err := json.Unmarshal(readAll(t, router, tt.bucket, manifestKey), &manifest); err != nil {
				t.Fatal(err)
			}
			if manifest.DestinationBucket != tt.bucket || manifest.MapRunArn != e2eMapRunArn {
				t.Errorf("manifest header %+v", manifest)
			}
			// Every file the manifest lists exists with its size, and the
			// bucket holds nothing else under the run's folder.
			listed := map[string]int64{}
			folder := strings.TrimSuffix(manifestKey, "manifest.json")
			if err := router.ListObjects(ctx, tt.bucket, folder, func(o itemreader.Object) error {
				listed[o.Key] = o.Size
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			delete(listed, manifestKey)
			files := 0
			for cat, entries := range manifest.ResultFiles {
				for _, e := range entries {
					files++
					if size, ok := listed[e.Key]; !ok || size != e.Size {
						t.Errorf("%s file %s (size %d): bucket has size %d, present %v", cat, e.Key, e.Size, size, ok)
					}
					var recs []map[string]any
					if err := json.Unmarshal(readAll(t, router, tt.bucket, e.Key), &recs); err != nil || len(recs) != 1 {
						t.Errorf("%s file %s: %d records, %v", cat, e.Key, len(recs), err)
					}
				}
			}
			if files != 2 || len(listed) != files {
				t.Errorf("manifest lists %d files, bucket holds %d besides the manifest; want 2 and 2", files, len(listed))
			}
			if got := f.count("PUT /"); got != tt.s3Puts {
				t.Errorf("%d PUT requests reached S3, want %d", got, tt.s3Puts)
			}
		})
	}
}
