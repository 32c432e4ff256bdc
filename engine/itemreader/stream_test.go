package itemreader

import (
	"context"
	"io"
	"runtime"
	"strconv"
	"testing"
)

// genReader produces a header then n rows without ever holding the file.
type genReader struct {
	header      string
	row         func(i int) string
	open, close string // text before the first and after the last row
	n, i        int
	buf         []byte
	started     bool
	done        bool
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case !g.started:
			g.started = true
			g.buf = append(g.buf, g.open...)
			g.buf = append(g.buf, g.header...)
		case g.i < g.n:
			g.buf = append(g.buf, g.row(g.i)...)
			g.i++
		case !g.done:
			g.done = true
			g.buf = append(g.buf, g.close...)
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

// genStore serves one generated object for any key.
type genStore struct{ gen func() io.Reader }

func (s genStore) GetObject(context.Context, string, string) (io.ReadCloser, error) {
	return io.NopCloser(s.gen()), nil
}
func (genStore) ListObjects(context.Context, string, string, func(Object) error) error { return nil }

// heapAfterGC is the live heap.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// streamAndMeasure reads every item and reports how many there were and how
// much the live heap grew while the iterator was still open.
func streamAndMeasure(t *testing.T, store ObjectStore, cfg Config) (int, int64) {
	t.Helper()
	before := heapAfterGC()
	it, err := Open(context.Background(), store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := it.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	grown := int64(heapAfterGC()) - int64(before)
	runtime.KeepAlive(it)
	it.Close()
	return n, grown
}

// The live heap after reading 1,000,000 rows must not depend on the row
// count: the reader keeps one record and its 64 KiB buffer, so a bound of
// 2 MiB is generous; a reader that kept the items would hold ~100 MB.
func TestStreamingCSVMemory(t *testing.T) {
	const rows = 1_000_000
	store := genStore{gen: func() io.Reader {
		return &genReader{header: "id,name,\"quoted,col\"\n", n: rows, row: func(i int) string {
			s := strconv.Itoa(i)
			return s + ",name-" + s + ",\"v," + s + "\"\n"
		}}
	}}
	n, grown := streamAndMeasure(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "big.csv", InputType: "CSV"})
	if n != rows {
		t.Fatalf("read %d items, want %d", n, rows)
	}
	if grown > 2<<20 {
		t.Fatalf("live heap grew by %d bytes over %d rows; the reader must stream", grown, rows)
	}
	t.Logf("%d rows, live heap change %d bytes", n, grown)
}

func TestStreamingJSONMemory(t *testing.T) {
	const elems = 200_000
	store := genStore{gen: func() io.Reader {
		return &genReader{open: `{"skip": [1, 2, {"x": [3]}], "data": {"items": [`, close: `]}}`, n: elems, row: func(i int) string {
			s := `{"id": ` + strconv.Itoa(i) + `, "tags": ["a", "b"]}`
			if i > 0 {
				s = "," + s
			}
			return s
		}}
	}}
	n, grown := streamAndMeasure(t, store, Config{Resource: ResourceGetObject, Bucket: "b", Key: "big.json", InputType: "JSON", ItemsPointer: "/data/items"})
	if n != elems {
		t.Fatalf("read %d items, want %d", n, elems)
	}
	if grown > 2<<20 {
		t.Fatalf("live heap grew by %d bytes over %d elements; the reader must stream", grown, elems)
	}
	t.Logf("%d elements, live heap change %d bytes", n, grown)
}
