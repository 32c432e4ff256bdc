package itemreader

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// MaxRecordBytes bounds one CSV record (and one JSONL line). AWS reads items
// of up to 8 MB from CSV/JSON/JSONL files (IR); a longer record — usually an
// unclosed quote swallowing the rest of the file — fails the reader instead
// of growing memory without bound. The cause text is ours (unverified).
const MaxRecordBytes = 8 << 20

// Delimiters by CSVDelimiter name (IR).
var csvDelimiters = map[string]byte{
	"COMMA": ',', "PIPE": '|', "SEMICOLON": ';', "SPACE": ' ', "TAB": '\t',
}

// csvReader turns a delimited text stream into items by the rules AWS
// documents (§4.1, "How Step Functions parses input CSV files"):
//
//   - records end at a newline that is outside double quotes; "\r\n" ends a
//     record like "\n" (the "\r" is dropped), a lone "\r" is data;
//   - a double-quoted field may hold delimiters and newlines; "" is a literal
//     quote, inside quotes and out (AWS's own example writes
//     {""MyKey"":""MyValue""} unquoted and gets {"MyKey":"MyValue"}), except
//     at the start of a field, where "" is an empty quoted field (RFC 4180);
//     text may follow a closing quote ("ab"cd reads abcd);
//   - a backslash escapes a backslash, a double quote or the delimiter; before
//     any other character it is dropped and the character kept;
//   - \" "only works in pairs": whether a newline ends the record is decided
//     by counting every double quote on the way, escaped or not, so a single
//     \" leaves the record open until the next quote;
//   - every value is a string; missing fields are "", extra fields dropped.
//
// Choices where AWS's behaviour is unrecorded: a UTF-8 byte-order mark at the
// start of the file is dropped; empty records (zero characters, e.g. a blank
// line) are skipped, before the header row too; a line of spaces is a record
// (recorded: "   " gives {"H1": "   ", "H2": "", "H3": ""}); the final newline
// does not start a record (recorded).
type csvReader struct {
	r       *bufio.Reader
	delim   byte
	headers []string
	record  []byte   // raw bytes of the current record, reused
	fields  []string // fields of the current record, reused
	field   []byte   // scratch for one field, reused
	started bool
}

// readBufferSize is the read buffer of the line-based readers; tests lower
// it to exercise records that span buffer refills.
var readBufferSize = 64 << 10

// newCSVReader reads headers from the first record when headers is nil
// (FIRST_ROW), and checks them for duplicates.
func newCSVReader(r io.Reader, delim byte, headers []string) (*csvReader, error) {
	c := &csvReader{r: bufio.NewReaderSize(r, readBufferSize), delim: delim}
	if headers == nil {
		ok, err := c.readRecord()
		if err != nil {
			return nil, err
		}
		if !ok {
			return c, nil // an empty file has no items
		}
		headers = append([]string(nil), c.fields...)
	}
	seen := make(map[string]bool, len(headers))
	for _, h := range headers {
		if seen[h] {
			// Recorded on AWS (OBS 2023-09) for GIVEN headers; a first row with
			// repeated names cannot make items either.
			return nil, itemReaderFailed("CSV headers cannot contain duplicates.")
		}
		seen[h] = true
	}
	c.headers = headers
	return c, nil
}

// Next returns the next row as {header: value}.
func (c *csvReader) Next() (any, error) {
	if c.headers == nil {
		return nil, io.EOF
	}
	ok, err := c.readRecord()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, io.EOF
	}
	item := make(map[string]any, len(c.headers))
	for i, h := range c.headers {
		if i < len(c.fields) {
			item[h] = c.fields[i]
		} else {
			item[h] = ""
		}
	}
	return item, nil
}

// readRecord reads the next non-empty record into c.fields. It reports false
// at the end of the input.
func (c *csvReader) readRecord() (bool, error) {
	for {
		ok, err := c.readRaw()
		if err != nil || !ok {
			return ok, err
		}
		if len(c.record) == 0 {
			continue
		}
		c.splitFields()
		return true, nil
	}
}

// readRaw reads one record's bytes, without its line terminator, into
// c.record.
func (c *csvReader) readRaw() (bool, error) {
	c.record = c.record[:0]
	quotes := 0
	for {
		chunk, err := c.r.ReadSlice('\n')
		if !c.started {
			c.started = true
			chunk = bytes.TrimPrefix(chunk, []byte("\ufeff"))
		}
		quotes += bytes.Count(chunk, []byte{'"'})
		if len(c.record)+len(chunk) > MaxRecordBytes {
			return false, itemReaderFailed(fmt.Sprintf("A CSV record is longer than %d bytes (an unclosed double quote?).", MaxRecordBytes))
		}
		c.record = append(c.record, chunk...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(c.record) == 0 {
				return false, nil
			}
			if n := len(c.record); c.record[n-1] == '\r' {
				c.record = c.record[:n-1]
			}
			return true, nil
		case err != nil:
			return false, readFailed(err)
		}
		if quotes%2 == 0 { // the newline is outside quotes: end of record
			c.record = c.record[:len(c.record)-1]
			if n := len(c.record); n > 0 && c.record[n-1] == '\r' {
				c.record = c.record[:n-1]
			}
			return true, nil
		}
	}
}

// splitFields parses c.record into c.fields.
func (c *csvReader) splitFields() {
	c.fields = c.fields[:0]
	c.field = c.field[:0]
	rec := c.record
	quoted := false
	started := false // whether this field has consumed any byte
	for i := 0; i < len(rec); i++ {
		b := rec[i]
		wasStarted := started
		started = true
		switch {
		case b == '\\':
			if i+1 < len(rec) {
				i++
				c.field = append(c.field, rec[i])
			}
			// A backslash before any other character is dropped and the
			// character kept as it is, which is what appending it does; only
			// when it is a delimiter or quote does that make a difference.
		case b == '"':
			// At the start of a field a quote always opens it, so that ""
			// is an empty field and """a""" is "a", as in RFC 4180.
			if wasStarted && i+1 < len(rec) && rec[i+1] == '"' {
				c.field = append(c.field, '"')
				i++
			} else {
				quoted = !quoted
			}
		case b == c.delim && !quoted:
			c.fields = append(c.fields, string(c.field))
			c.field = c.field[:0]
			started = false
		default:
			c.field = append(c.field, b)
		}
	}
	c.fields = append(c.fields, string(c.field))
}
