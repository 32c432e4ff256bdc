package series

import (
	"bufio"
	"io"
	"strconv"
)

// WriteCSV writes one row per point under the header
// t,running,started,succeeded,failed,throttled, with t the interval start in
// seconds to the millisecond and running the interval's peak.
func WriteCSV(w io.Writer, pts []Point) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("t,running,started,succeeded,failed,throttled\n")
	var buf []byte
	for _, p := range pts {
		buf = append(buf[:0], seconds(p.T)...)
		for _, v := range [...]int64{int64(p.Running), p.Started, p.Succeeded, p.Failed, p.Throttled} {
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, v, 10)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	// bufio keeps the first write error and reports it here.
	return bw.Flush()
}
