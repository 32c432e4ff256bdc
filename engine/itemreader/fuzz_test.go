package itemreader

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

var fuzzDelims = []string{"COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"}

// readCSV reads every item of data with the given buffer size.
func readCSV(data []byte, delim string, given []string, bufSize int) ([]any, error) {
	saved := readBufferSize
	readBufferSize = bufSize
	defer func() { readBufferSize = saved }()
	c, err := openCSV(bytes.NewReader(data), delim, map[bool]string{true: "GIVEN", false: "FIRST_ROW"}[given != nil], given)
	if err != nil {
		return nil, err
	}
	var items []any
	for {
		v, err := c.Next()
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return items, err
		}
		items = append(items, v)
	}
}

// FuzzCSV checks that any input parses without panicking, that every item
// has exactly one string per header, that errors are States.ItemReaderFailed,
// and that the result does not depend on where the read buffer splits the
// input. Seeds: testdata/fuzz/FuzzCSV.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), uint8(0), false)
	f.Add([]byte(recordedRows), uint8(0), true)
	f.Add([]byte("a|b\n\"x|\"\"y\"|z\\|w\r\n"), uint8(1), false)
	f.Add([]byte("\ufeffa b\n5\\\"6 x\ny z\n"), uint8(3), false)
	f.Fuzz(func(t *testing.T, data []byte, d uint8, given bool) {
		delim := fuzzDelims[int(d)%len(fuzzDelims)]
		var headers []string
		if given {
			headers = []string{"H1", "H2", "H3"}
		}
		items, err := readCSV(data, delim, headers, 64<<10)
		small, smallErr := readCSV(data, delim, headers, 16)
		if (err == nil) != (smallErr == nil) || !reflect.DeepEqual(items, small) {
			t.Fatalf("result depends on the buffer size: %v / %v vs %v / %v", items, err, small, smallErr)
		}
		if err != nil {
			var se *asl.StatesError
			if !errors.As(err, &se) || se.Name != asl.ErrItemReaderFailed {
				t.Fatalf("error %v is not States.ItemReaderFailed", err)
			}
			return
		}
		width := -1
		for _, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				t.Fatalf("item %#v is not an object", it)
			}
			if width >= 0 && len(m) != width {
				t.Fatalf("items have %d and %d keys", width, len(m))
			}
			width = len(m)
			for k, v := range m {
				if _, ok := v.(string); !ok {
					t.Fatalf("value of %q is %#v, not a string", k, v)
				}
			}
		}
		if given && width >= 0 && width != 3 {
			t.Fatalf("items have %d keys, want 3", width)
		}
	})
}
