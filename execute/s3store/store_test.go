package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/engine/itemreader"
)

func TestGetObject(t *testing.T) {
	f := newFakeS3(t, "bkt")
	f.put(t, "bkt", "dir/file.csv", []byte("a,b\n1,2\n"))
	f.put(t, "bkt", "empty", nil)
	f.fail = func(r *http.Request) (int, string) {
		switch r.URL.Path {
		case "/bkt/bare404": // a 404 with no error code, as a HEAD-like answer
			return http.StatusNotFound, ""
		case "/bkt/denied":
			return http.StatusForbidden, `<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`
		}
		return 0, ""
	}
	tests := []struct {
		name, bucket, key string
		want              string
		wantIs            error  // sentinel the error must wrap
		wantMsg           string // text the error must contain
	}{
		{name: "object", bucket: "bkt", key: "dir/file.csv", want: "a,b\n1,2\n"},
		{name: "empty object", bucket: "bkt", key: "empty", want: ""},
		{name: "missing key", bucket: "bkt", key: "nope", wantIs: itemreader.ErrNoSuchKey, wantMsg: "s3://bkt/nope"},
		{name: "missing bucket", bucket: "nobkt", key: "x", wantIs: itemreader.ErrNoSuchBucket, wantMsg: "check the bucket name"},
		{name: "404 without code", bucket: "bkt", key: "bare404", wantIs: itemreader.ErrNoSuchKey},
		{name: "access denied", bucket: "bkt", key: "denied", wantMsg: "need s3:GetObject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := f.store.GetObject(context.Background(), tt.bucket, tt.key)
			if tt.wantIs == nil && tt.wantMsg == "" {
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				got, err := io.ReadAll(rc)
				if err != nil || string(got) != tt.want {
					t.Fatalf("body %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				rc.Close()
				t.Fatal("no error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v does not wrap %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q lacks %q", err, tt.wantMsg)
			}
			for _, other := range []error{itemreader.ErrNoSuchKey, itemreader.ErrNoSuchBucket} {
				if other != tt.wantIs && errors.Is(err, other) {
					t.Errorf("error %v wraps %v too", err, other)
				}
			}
		})
	}
}

func TestListObjects(t *testing.T) {
	f := newFakeS3(t, "bkt", "emptybkt")
	// 1,205 keys under data/ cross a 1,000-key page; the others test
	// prefixes and byte order ("a-" < "a." < "a/" < "a0" < "b" < "é").
	var all []string
	for i := range 1205 {
		all = append(all, fmt.Sprintf("data/%05d.json", i))
	}
	all = append(all, "a-b", "a.b", "a/b", "a0", "b", "é")
	for _, k := range all {
		f.put(t, "bkt", k, []byte("{}"))
	}
	slices.Sort(all) // Go compares strings bytewise, as S3 sorts keys

	tests := []struct {
		name, bucket, prefix string
		want                 []string
		minPages             int
		wantIs               error
	}{
		{name: "whole bucket", bucket: "bkt", want: all, minPages: 2},
		{name: "prefix across pages", bucket: "bkt", prefix: "data/", want: all[slices.Index(all, "data/00000.json") : slices.Index(all, "data/01204.json")+1], minPages: 2},
		{name: "narrow prefix", bucket: "bkt", prefix: "data/0120", want: []string{"data/01200.json", "data/01201.json", "data/01202.json", "data/01203.json", "data/01204.json"}, minPages: 1},
		{name: "prefix is not a folder", bucket: "bkt", prefix: "a", want: []string{"a-b", "a.b", "a/b", "a0"}, minPages: 1},
		{name: "no match", bucket: "bkt", prefix: "zzz", want: nil, minPages: 1},
		{name: "empty bucket", bucket: "emptybkt", want: nil, minPages: 1},
		{name: "missing bucket", bucket: "nobkt", wantIs: itemreader.ErrNoSuchBucket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.reset()
			var got []string
			err := f.store.ListObjects(context.Background(), tt.bucket, tt.prefix, func(o itemreader.Object) error {
				got = append(got, o.Key)
				if len(o.ETag) < 3 || o.ETag[0] != '"' || o.ETag[len(o.ETag)-1] != '"' {
					t.Errorf("%s: ETag %q is not quoted", o.Key, o.ETag)
				}
				if o.Size != 2 || o.StorageClass == "" || o.LastModified.IsZero() {
					t.Errorf("%s: incomplete object %+v", o.Key, o)
				}
				return nil
			})
			if tt.wantIs != nil {
				if !errors.Is(err, tt.wantIs) {
					t.Fatalf("error %v, want %v", err, tt.wantIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %d keys %.5q…, want %d %.5q…", len(got), got, len(tt.want), tt.want)
			}
			if pages := f.count("GET /"+tt.bucket, "list-type=2"); pages < tt.minPages {
				t.Errorf("%d ListObjectsV2 requests, want at least %d", pages, tt.minPages)
			}
			if f.count("max-keys=1000") == 0 {
				t.Error("pages were not asked for 1,000 keys")
			}
		})
	}

	t.Run("callback error stops the listing", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := f.store.ListObjects(context.Background(), "bkt", "", func(itemreader.Object) error {
			n++
			if n == 3 {
				return stop
			}
			return nil
		})
		if err != stop || n != 3 {
			t.Fatalf("error %v after %d calls, want the callback's error unchanged after 3", err, n)
		}
	})
}

func TestPutObject(t *testing.T) {
	big := make([]byte, 12<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	tests := []struct {
		name      string
		threshold int64
		partSize  int64
		bucket    string
		body      []byte
		wantParts int // UploadPart requests; 0 for a single PutObject
		wantIs    error
	}{
		{name: "small", bucket: "bkt", body: []byte(`{"ok":true}`)},
		{name: "empty", bucket: "bkt", body: []byte{}},
		{name: "at threshold stays single", threshold: 12 << 20, bucket: "bkt", body: big},
		{name: "multipart 5 MiB parts", threshold: 6 << 20, partSize: 5 << 20, bucket: "bkt", body: big, wantParts: 3},
		{name: "part size below S3 minimum is raised", threshold: 1 << 20, partSize: 1 << 20, bucket: "bkt", body: big, wantParts: 3},
		{name: "one part larger than the threshold", threshold: 6 << 20, partSize: 16 << 20, bucket: "bkt", body: big, wantParts: 1},
		{name: "missing bucket", bucket: "nobkt", body: []byte("x"), wantIs: itemreader.ErrNoSuchBucket},
		{name: "missing bucket multipart", threshold: 6 << 20, partSize: 5 << 20, bucket: "nobkt", body: big, wantIs: itemreader.ErrNoSuchBucket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeS3(t, "bkt")
			if tt.threshold != 0 {
				f.store.MultipartThreshold = tt.threshold
			}
			if tt.partSize != 0 {
				f.store.PartSize = tt.partSize
			}
			err := f.store.PutObject(context.Background(), tt.bucket, "out/result.json", tt.body)
			if tt.wantIs != nil {
				if !errors.Is(err, tt.wantIs) {
					t.Fatalf("error %v, want %v", err, tt.wantIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, f.store, tt.bucket, "out/result.json"); !bytes.Equal(got, tt.body) {
				t.Fatalf("read back %d bytes, want %d (equal content)", len(got), len(tt.body))
			}
			if parts := f.count("PUT /bkt/out/result.json", "partNumber="); parts != tt.wantParts {
				t.Errorf("%d UploadPart requests, want %d", parts, tt.wantParts)
			}
			if tt.wantParts > 0 && f.count("POST /bkt/out/result.json", "uploadId=") != 1 {
				t.Error("no CompleteMultipartUpload")
			}
		})
	}
}

// TestPutObjectAbortsFailedUpload makes S3 refuse the second part and checks
// that the upload is aborted, no object appears, and a failed abort is
// reported with the command that finishes it.
func TestPutObjectAbortsFailedUpload(t *testing.T) {
	tests := []struct {
		name       string
		abortFails bool
		wantMsg    []string
	}{
		{name: "abort succeeds", wantMsg: []string{"uploading part 2 of s3://bkt/big"}},
		{name: "abort fails", abortFails: true, wantMsg: []string{"uploading part 2 of s3://bkt/big", "aws s3api abort-multipart-upload --bucket bkt --key big --upload-id "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeS3(t, "bkt")
			f.store.MultipartThreshold, f.store.PartSize = 6<<20, 5<<20
			f.fail = func(r *http.Request) (int, string) {
				if r.URL.Query().Get("partNumber") == "2" || (tt.abortFails && r.Method == http.MethodDelete) {
					return http.StatusBadRequest, `<Error><Code>InvalidRequest</Code><Message>refused</Message></Error>`
				}
				return 0, ""
			}
			err := f.store.PutObject(context.Background(), "bkt", "big", make([]byte, 12<<20))
			if err == nil {
				t.Fatal("no error")
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q lacks %q", err, m)
				}
			}
			if f.count("DELETE /bkt/big", "uploadId=") != 1 {
				t.Error("the failed upload was not aborted")
			}
			if f.count("POST /bkt/big", "uploadId=") != 0 {
				t.Error("a failed upload was completed")
			}
			if _, err := f.store.GetObject(context.Background(), "bkt", "big"); !errors.Is(err, itemreader.ErrNoSuchKey) {
				t.Errorf("object after a failed upload: %v, want NoSuchKey", err)
			}
		})
	}
}

// TestPutObjectAbortAfterCancel checks that a cancelled run still aborts:
// the parts already uploaded would be billed otherwise.
func TestPutObjectAbortAfterCancel(t *testing.T) {
	f := newFakeS3(t, "bkt")
	f.store.MultipartThreshold, f.store.PartSize = 6<<20, 5<<20
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.fail = func(r *http.Request) (int, string) {
		if r.URL.Query().Get("partNumber") == "1" {
			cancel() // the run stops while the first part is in flight
		}
		return 0, ""
	}
	if err := f.store.PutObject(ctx, "bkt", "big", make([]byte, 12<<20)); err == nil {
		t.Fatal("PutObject succeeded after its context was cancelled")
	}
	if f.count("DELETE /bkt/big", "uploadId=") != 1 {
		t.Error("the cancelled upload was not aborted")
	}
}

func TestPartSize(t *testing.T) {
	tests := []struct {
		name     string
		partSize int64
		n        int
		want     int
	}{
		{"default", 0, 100 << 20, DefaultPartSize},
		{"negative is default", -1, 100 << 20, DefaultPartSize},
		{"set", 8 << 20, 100 << 20, 8 << 20},
		{"below S3 minimum", 1 << 20, 100 << 20, MinPartSize},
		{"grown to stay within 10,000 parts", MinPartSize, maxParts*MinPartSize + 1, MinPartSize + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Store{PartSize: tt.partSize}
			got := s.partSize(tt.n)
			if got != tt.want {
				t.Fatalf("partSize(%d) = %d, want %d", tt.n, got, tt.want)
			}
			if parts := (tt.n + got - 1) / got; parts > maxParts {
				t.Errorf("%d parts, over S3's %d", parts, maxParts)
			}
		})
	}
}

func TestCRC32Base64(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "AAAAAA=="},
		{"hello", "NhCmhg=="}, // CRC-32 0x3610a686
	}
	for _, tt := range tests {
		if got := crc32Base64([]byte(tt.in)); got != tt.want {
			t.Errorf("crc32Base64(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestListObjectsOddServers feeds Store listings that S3 itself would not
// send: unsorted keys (as directory buckets give) and objects without a
// quoted ETag or a storage class (as some S3-compatible servers give).
func TestListObjectsOddServers(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>odd</Name><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>`
	object := func(key, etag, class string) string {
		s := "<Contents><Key>" + key + "</Key><ETag>" + etag + "</ETag><Size>1</Size><LastModified>2025-01-02T03:04:05.000Z</LastModified>"
		if class != "" {
			s += "<StorageClass>" + class + "</StorageClass>"
		}
		return s + "</Contents>"
	}
	tests := []struct {
		name    string
		body    string
		want    []itemreader.Object
		wantMsg string
	}{
		{
			name: "unquoted ETag, no storage class",
			body: head + object("a", "abc", "") + object("b", `&quot;def&quot;`, "GLACIER") + "</ListBucketResult>",
			want: []itemreader.Object{
				{Key: "a", ETag: `"abc"`, Size: 1, StorageClass: "STANDARD"},
				{Key: "b", ETag: `"def"`, Size: 1, StorageClass: "GLACIER"},
			},
		},
		{
			name:    "unsorted",
			body:    head + object("b", "x", "") + object("a", "y", "") + "</ListBucketResult>",
			want:    []itemreader.Object{{Key: "b", ETag: `"x"`, Size: 1, StorageClass: "STANDARD"}},
			wantMsg: `returned key "a" after "b", out of ascending order`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeS3(t)
			f.fail = func(*http.Request) (int, string) { return http.StatusOK, tt.body }
			var got []itemreader.Object
			err := f.store.ListObjects(context.Background(), "odd", "", func(o itemreader.Object) error {
				o.LastModified = o.LastModified.UTC()
				got = append(got, o)
				return nil
			})
			if tt.wantMsg == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantMsg != "" && (err == nil || !strings.Contains(err.Error(), tt.wantMsg)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantMsg)
			}
			for i := range tt.want {
				tt.want[i].LastModified = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
