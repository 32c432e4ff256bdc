package itemreader

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// memStore is an in-memory ObjectStore for tests: bucket → key → content.
type memStore map[string]map[string][]byte

func (m memStore) GetObject(_ context.Context, bucket, key string) (io.ReadCloser, error) {
	b, ok := m[bucket]
	if !ok {
		return nil, ErrNoSuchBucket
	}
	data, ok := b[key]
	if !ok {
		return nil, ErrNoSuchKey
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func (m memStore) ListObjects(_ context.Context, bucket, prefix string, fn func(Object) error) error {
	b, ok := m[bucket]
	if !ok {
		return ErrNoSuchBucket
	}
	keys := make([]string, 0, len(b))
	for k := range b {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		o := Object{Key: k, ETag: fmt.Sprintf("%q", "etag-"+k), LastModified: time.Unix(1668699881, 0), Size: int64(len(b[k])), StorageClass: "STANDARD"}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// readAll drains an iterator.
func readAll(t *testing.T, it Iterator) ([]any, error) {
	t.Helper()
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

// openAndRead opens cfg over store and reads every item.
func openAndRead(t *testing.T, store ObjectStore, cfg Config) ([]any, error) {
	t.Helper()
	it, err := Open(context.Background(), store, cfg)
	if err != nil {
		return nil, err
	}
	return readAll(t, it)
}

// checkResult compares items (as JSON values) or the States.ItemReaderFailed
// cause.
func checkResult(t *testing.T, got []any, err error, want any, wantCause string) {
	t.Helper()
	if wantCause != "" {
		var se *asl.StatesError
		if !errors.As(err, &se) {
			t.Fatalf("error = %v, want States.ItemReaderFailed %q", err, wantCause)
		}
		if se.Name != asl.ErrItemReaderFailed || se.Cause != wantCause {
			t.Fatalf("error = %s / %q, want %s / %q", se.Name, se.Cause, asl.ErrItemReaderFailed, wantCause)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got == nil {
		got = []any{}
	}
	w := decodeJSON(t, want)
	if !reflect.DeepEqual(got, w) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(w)
		t.Fatalf("items\n got %s\nwant %s", gj, wj)
	}
}

// decodeJSON turns a JSON text (string) into a UseNumber value; other values
// are passed through.
func decodeJSON(t *testing.T, v any) any {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		return v
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("bad want JSON %q: %v", s, err)
	}
	return out
}

func gzipped(t testing.TB, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
