package itemreader

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

func TestListObjectsV2(t *testing.T) {
	store := memStore{"b": {
		"data/1.csv":   []byte("a,b\n1,2\n3,4\n"),
		"data/2.csv":   []byte("a,b\n5,6\n"),
		"data/":        nil, // a console-created folder object
		"data10/x.csv": []byte("a,b\n9,9\n"),
		"j/1.json":     []byte(`[1,2]`),
		"j/2.json":     []byte(`[3]`),
		"l/1.jsonl":    []byte("1\n2\n"),
		"bad/1.csv":    []byte("a,a\n1,2\n"),
	}}
	// §4.3: one item per object, LastModified in epoch seconds.
	listed := func(keys ...string) string {
		var items []any
		for _, k := range keys {
			items = append(items, map[string]any{"Etag": `"etag-` + k + `"`, "Key": k, "LastModified": 1668699881,
				"Size": len(store["b"][k]), "StorageClass": "STANDARD"})
		}
		b, _ := json.Marshal(items)
		return string(b)
	}
	tests := []struct {
		name    string
		cfg     Config
		want    string
		wantErr string
	}{
		{name: "prefix data/", cfg: Config{Prefix: "data/"}, want: listed("data/", "data/1.csv", "data/2.csv")},
		// IR: "folder1" also matches "folder10/…".
		{name: "prefix without slash", cfg: Config{Prefix: "data"}, want: listed("data/", "data/1.csv", "data/2.csv", "data10/x.csv")},
		{name: "MaxItems", cfg: Config{Prefix: "data", MaxItems: 2}, want: listed("data/", "data/1.csv")},
		{name: "no match", cfg: Config{Prefix: "zzz"}, want: `[]`},
		{name: "flatten CSV skips folder objects", cfg: Config{Prefix: "data/", Transformation: "LOAD_AND_FLATTEN", InputType: "CSV"},
			want: `[{"a":"1","b":"2"},{"a":"3","b":"4"},{"a":"5","b":"6"}]`},
		{name: "flatten JSON", cfg: Config{Prefix: "j/", Transformation: "LOAD_AND_FLATTEN", InputType: "JSON"}, want: `[1,2,3]`},
		{name: "flatten JSONL", cfg: Config{Prefix: "l/", Transformation: "LOAD_AND_FLATTEN", InputType: "JSONL"}, want: `[1,2]`},
		{name: "flatten MaxItems across files", cfg: Config{Prefix: "j/", Transformation: "LOAD_AND_FLATTEN", InputType: "JSON", MaxItems: 3}, want: `[1,2,3]`},
		{name: "flatten MaxItems within files", cfg: Config{Prefix: "j/", Transformation: "LOAD_AND_FLATTEN", InputType: "JSON", MaxItems: 1}, want: `[1]`},
		{name: "flatten error in a file", cfg: Config{Prefix: "bad/", Transformation: "LOAD_AND_FLATTEN", InputType: "CSV"}, wantErr: "CSV headers cannot contain duplicates."},
		{name: "flatten without InputType", cfg: Config{Transformation: "LOAD_AND_FLATTEN"}, wantErr: "LOAD_AND_FLATTEN needs InputType CSV, JSON, JSONL or PARQUET."},
		{name: "InputType without flatten", cfg: Config{InputType: "CSV"}, wantErr: "InputType needs Transformation LOAD_AND_FLATTEN with listObjectsV2."},
		{name: "unknown transformation", cfg: Config{Transformation: "FLATTEN"}, wantErr: `Transformation "FLATTEN" is not NONE or LOAD_AND_FLATTEN.`},
		{name: "missing bucket", cfg: Config{Bucket: "nobucket"}, wantErr: "The specified bucket does not exist. (Bucket: nobucket)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Resource = ResourceListObjectsV2
			if cfg.Bucket == "" {
				cfg.Bucket = "b"
			}
			got, err := openAndRead(t, store, cfg)
			checkResult(t, got, err, tc.want, tc.wantErr)
		})
	}
}

// Closing a listing before its end must stop the store's walk.
func TestListingCloseEarly(t *testing.T) {
	store := memStore{"b": {"1": nil, "2": nil, "3": nil}}
	it, err := Open(context.Background(), store, Config{Resource: ResourceListObjectsV2, Bucket: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := it.Next(); err != nil {
		t.Fatal(err)
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestS3Inventory(t *testing.T) {
	manifest := `{"sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inv", "version": "2016-11-30",
		"creationTimestamp": "1668560400000", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size, LastModifiedDate",
		"files": [{"key": "data/a.csv.gz", "size": 1, "MD5checksum": "x"}, {"key": "data/b.csv.gz", "size": 1, "MD5checksum": "y"}]}`
	store := memStore{
		"inv": {
			"src/config/2022-11-16T00-00Z/manifest.json": []byte(manifest),
			"data/a.csv.gz": gzipped(t, "\"amzn-s3-demo-source-bucket\",\"csvDataset/titles.csv\",\"3399671\",\"2022-11-16T00:29:32.000Z\"\n"),
			"data/b.csv.gz": gzipped(t, "\"src\",\"k,with comma\",\"1\",\"2022-11-16T00:29:33.000Z\"\n\"src\",\"short\"\n"),
			"orc.json":      []byte(`{"fileFormat": "ORC", "fileSchema": "x", "files": []}`),
			"bad.json":      []byte(`{`),
			"missing.json":  []byte(`{"fileFormat": "CSV", "fileSchema": "Key", "files": [{"key": "nope.csv.gz"}]}`),
		},
	}
	tests := []struct {
		name    string
		key     string
		cfg     Config
		want    string
		wantErr string
	}{
		// §4.4's example item, all strings, keyed by fileSchema.
		{name: "two data files", key: "src/config/2022-11-16T00-00Z/manifest.json", cfg: Config{ManifestType: "S3_INVENTORY"},
			want: `[{"Bucket":"amzn-s3-demo-source-bucket","Key":"csvDataset/titles.csv","Size":"3399671","LastModifiedDate":"2022-11-16T00:29:32.000Z"},` +
				`{"Bucket":"src","Key":"k,with comma","Size":"1","LastModifiedDate":"2022-11-16T00:29:33.000Z"},` +
				`{"Bucket":"src","Key":"short","Size":"","LastModifiedDate":""}]`},
		{name: "InputType MANIFEST", key: "src/config/2022-11-16T00-00Z/manifest.json", cfg: Config{InputType: "MANIFEST", MaxItems: 1},
			want: `[{"Bucket":"amzn-s3-demo-source-bucket","Key":"csvDataset/titles.csv","Size":"3399671","LastModifiedDate":"2022-11-16T00:29:32.000Z"}]`},
		{name: "not CSV", key: "orc.json", cfg: Config{ManifestType: "S3_INVENTORY"}, wantErr: `The inventory file format is "ORC"; only CSV is supported.`},
		{name: "invalid manifest", key: "bad.json", cfg: Config{ManifestType: "S3_INVENTORY"}, wantErr: "The inventory manifest is not valid JSON: unexpected end of JSON input"},
		{name: "missing data file", key: "missing.json", cfg: Config{ManifestType: "S3_INVENTORY"}, wantErr: "The specified key does not exist. (Bucket: inv, Key: nope.csv.gz)"},
		{name: "missing manifest", key: "nope.json", cfg: Config{ManifestType: "S3_INVENTORY"}, wantErr: "The specified key does not exist. (Bucket: inv, Key: nope.json)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Resource, cfg.Bucket, cfg.Key = ResourceGetObject, "inv", tc.key
			got, err := openAndRead(t, store, cfg)
			checkResult(t, got, err, tc.want, tc.wantErr)
		})
	}
}

func TestParseConfig(t *testing.T) {
	doc, err := asl.ParseJSON("r.json", []byte(`{
		"Resource": "arn:aws:states:::s3:getObject",
		"ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "b"],
			"CSVDelimiter": "PIPE", "MaxItems": 5, "ItemsPointer": "/x", "Transformation": "NONE", "ManifestType": "S3_INVENTORY"},
		"Parameters": {"Bucket.$": "$.b", "Key.$": "$.k"}}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseConfig(doc.Root, map[string]any{"Bucket": "bk", "Key": "k.csv", "Prefix": "p/"})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Resource: ResourceGetObject, Bucket: "bk", Key: "k.csv", Prefix: "p/", InputType: "CSV", Transformation: "NONE",
		ManifestType: "S3_INVENTORY", CSVHeaderLocation: "GIVEN", CSVHeaders: []string{"a", "b"}, CSVDelimiter: "PIPE",
		ItemsPointer: "/x", MaxItems: 5}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Fatalf("config\n got %s\nwant %s", g, w)
	}
	for _, tc := range []struct{ text, cause string }{
		{`{"ReaderConfig": {"CSVHeaders": "a"}}`, "CSVHeaders must be an array of strings."},
		{`{"ReaderConfig": {"CSVHeaders": ["a", 1]}}`, "CSVHeaders must be an array of strings."},
		{`{"ReaderConfig": {"MaxItems": 1.5}}`, "field MaxItems must be an integer"},
	} {
		doc, err := asl.ParseJSON("r.json", []byte(tc.text))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseConfig(doc.Root, nil)
		checkResult(t, nil, err, nil, tc.cause)
	}
	// JSONata MaxItems ("{% %}") is left to the caller.
	doc, _ = asl.ParseJSON("r.json", []byte(`{"ReaderConfig": {"MaxItems": "{% $n %}"}}`))
	if c, err := ParseConfig(doc.Root, nil); err != nil || c.MaxItems != 0 {
		t.Fatalf("JSONata MaxItems: %+v, %v", c, err)
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDirStore(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(p, s string) {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("bk/a.csv", "x\n1\n")
	write("bk/a/b.csv", "x\n2\n")
	write("bk/a-c.csv", "x\n3\n")
	write("bk/z/deep/e.json", "[1]")
	write("other/secret.txt", "secret")
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Unix(1668699881, 0)
	if err := os.Chtimes(filepath.Join(root, "bk/a.csv"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "bk/abs-link")))
	must(os.Symlink("../other/secret.txt", filepath.Join(root, "bk/rel-link")))
	must(os.Symlink(outside, filepath.Join(root, "bk/dir-link")))
	must(os.Symlink("a.csv", filepath.Join(root, "bk/inside-link")))
	s := DirStore{Root: root}
	ctx := context.Background()

	// Keys that leave the bucket are refused.
	for _, key := range []string{"../other/secret.txt", "a/../../other/secret.txt", "/etc/passwd", "a/./b.csv", "",
		"abs-link", "rel-link", "dir-link/secret.txt"} {
		if rc, err := s.GetObject(ctx, "bk", key); err == nil {
			rc.Close()
			t.Errorf("GetObject(%q) succeeded; want an error", key)
		}
	}
	for _, bucket := range []string{"..", ".", "", "bk/a", "../bk"} {
		if rc, err := s.GetObject(ctx, bucket, "a.csv"); err == nil {
			rc.Close()
			t.Errorf("GetObject(bucket %q) succeeded; want an error", bucket)
		}
	}
	if _, err := s.GetObject(ctx, "bk", "nope.csv"); !errors.Is(err, ErrNoSuchKey) {
		t.Errorf("missing key: %v, want ErrNoSuchKey", err)
	}
	if _, err := s.GetObject(ctx, "bk", "z"); !errors.Is(err, ErrNoSuchKey) {
		t.Errorf("folder as key: %v, want ErrNoSuchKey", err)
	}
	if _, err := s.GetObject(ctx, "nobucket", "a.csv"); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("missing bucket: %v, want ErrNoSuchBucket", err)
	}
	// A link inside the bucket is followed.
	got, err := openAndRead(t, s, Config{Resource: ResourceGetObject, Bucket: "bk", Key: "inside-link", InputType: "CSV"})
	checkResult(t, got, err, `[{"x":"1"}]`, "")
	got, err = openAndRead(t, s, Config{Resource: ResourceGetObject, Bucket: "bk", Key: "z/deep/e.json", InputType: "JSON"})
	checkResult(t, got, err, `[1]`, "")

	// Listing: S3 byte order over whole keys ("a-c.csv" < "a.csv" < "a/b.csv"),
	// links out of the bucket left out, ETag = quoted MD5.
	var keys []string
	var first Object
	must(s.ListObjects(ctx, "bk", "", func(o Object) error {
		if o.Key == "a.csv" {
			first = o
		}
		keys = append(keys, o.Key)
		return nil
	}))
	if g, w := mustJSON(t, keys), `["a-c.csv","a.csv","a/b.csv","inside-link","z/deep/e.json"]`; g != w {
		t.Errorf("keys %s, want %s", g, w)
	}
	wantObj := Object{Key: "a.csv", ETag: `"dc3ba59be5d893be2c69ea202014fe78"`, LastModified: mtime, Size: 4, StorageClass: "STANDARD"}
	if first.Key != wantObj.Key || first.ETag != wantObj.ETag || !first.LastModified.Equal(mtime) || first.Size != 4 || first.StorageClass != "STANDARD" {
		t.Errorf("object %+v, want %+v", first, wantObj)
	}
	keys = nil
	must(s.ListObjects(ctx, "bk", "z/de", func(o Object) error { keys = append(keys, o.Key); return nil }))
	if g, w := mustJSON(t, keys), `["z/deep/e.json"]`; g != w {
		t.Errorf("prefix keys %s, want %s", g, w)
	}
	stop := errors.New("stop")
	n := 0
	if err := s.ListObjects(ctx, "bk", "", func(Object) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("callback error: %v after %d objects, want stop after 1", err, n)
	}
	if err := s.ListObjects(ctx, "..", "", func(Object) error { return nil }); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("bucket ..: %v, want ErrNoSuchBucket", err)
	}
}
