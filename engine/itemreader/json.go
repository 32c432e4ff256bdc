package itemreader

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// The cause AWS gives when a JSON file (or the value ItemsPointer selects) is
// not an array (OBS 2023-09: a file holding {"Hello": "world"} fails with it).
const nonIterableCause = "Attempting to map over non-iterable node."

// jsonReader streams the elements of one JSON array: the file's root, or the
// value ItemsPointer selects. Only that array's current element is held in
// memory; everything before it is skipped token by token.
//
// AWS fails a file whose root is an object (recorded), so objects are not
// iterated here either, at the root or at the pointer; the {"Key", "Value"}
// shape emulators use for object iteration is not AWS's for this reader.
type jsonReader struct {
	dec  *json.Decoder
	done bool
}

func newJSONReader(r io.Reader, pointer string) (*jsonReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3) // a UTF-8 byte-order mark, as files saved on Windows have
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	tokens, err := pointerTokens(pointer)
	if err != nil {
		return nil, err
	}
	for _, tok := range tokens {
		found, err := descend(dec, tok)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, itemReaderFailed(nonIterableCause)
		}
	}
	t, err := dec.Token()
	if err != nil {
		return nil, jsonFailed(err)
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return nil, itemReaderFailed(nonIterableCause)
	}
	return &jsonReader{dec: dec}, nil
}

// pointerTokens splits an RFC 6901 pointer ("" is the whole document).
func pointerTokens(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if p[0] != '/' {
		return nil, itemReaderFailed(fmt.Sprintf("ItemsPointer %q is not a JSON pointer: it must start with \"/\".", p))
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
	}
	return parts, nil
}

// descend reads the next value's opening and moves the decoder to the start
// of its member or element tok. It reports false when there is none.
func descend(dec *json.Decoder, tok string) (bool, error) {
	t, err := dec.Token()
	if err != nil {
		return false, jsonFailed(err)
	}
	d, ok := t.(json.Delim)
	if !ok {
		return false, nil
	}
	switch d {
	case '{':
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return false, jsonFailed(err)
			}
			if k == tok {
				return true, nil
			}
			if err := skipValue(dec); err != nil {
				return false, err
			}
		}
	case '[':
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || (len(tok) > 1 && tok[0] == '0') {
			return false, nil
		}
		for i := 0; dec.More(); i++ {
			if i == n {
				return true, nil
			}
			if err := skipValue(dec); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// skipValue consumes one value without building it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return jsonFailed(err)
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

func (j *jsonReader) Next() (any, error) {
	if j.done {
		return nil, io.EOF
	}
	if !j.dec.More() {
		j.done = true
		if _, err := j.dec.Token(); err != nil { // the closing ]
			return nil, jsonFailed(err)
		}
		return nil, io.EOF
	}
	var v any
	if err := j.dec.Decode(&v); err != nil {
		return nil, jsonFailed(err)
	}
	return v, nil
}

func jsonFailed(err error) error {
	var se *asl.StatesError
	if errors.As(err, &se) {
		return err
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return itemReaderFailed("The JSON file ends before its array is complete.")
	}
	return itemReaderFailed("The JSON file is not valid JSON: " + err.Error())
}

// jsonlReader reads JSON Lines: one JSON value per line. Lines holding only
// white space are skipped (unverified on AWS; JSON Lines tools commonly
// accept a trailing blank line). A line that is not exactly one JSON value
// fails the reader.
type jsonlReader struct {
	r    *bufio.Reader
	line []byte
	n    int
}

func newJSONLReader(r io.Reader) *jsonlReader {
	return &jsonlReader{r: bufio.NewReaderSize(r, readBufferSize)}
}

func (j *jsonlReader) Next() (any, error) {
	for {
		ok, err := j.readLine()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, io.EOF
		}
		line := bytes.TrimSpace(j.line)
		if j.n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, itemReaderFailed(fmt.Sprintf("Line %d of the JSONL file is not valid JSON: %v", j.n, err))
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, itemReaderFailed(fmt.Sprintf("Line %d of the JSONL file holds more than one JSON value.", j.n))
		}
		return v, nil
	}
}

func (j *jsonlReader) readLine() (bool, error) {
	j.line = j.line[:0]
	for {
		chunk, err := j.r.ReadSlice('\n')
		if len(j.line)+len(chunk) > MaxRecordBytes {
			return false, itemReaderFailed(fmt.Sprintf("Line %d of the JSONL file is longer than %d bytes.", j.n+1, MaxRecordBytes))
		}
		j.line = append(j.line, chunk...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(j.line) == 0 {
				return false, nil
			}
			j.n++
			return true, nil
		case err != nil:
			return false, readFailed(err)
		}
		j.n++
		return true, nil
	}
}
