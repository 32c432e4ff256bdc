package execute

import (
	"io"
	"strings"

	"github.com/aws/smithy-go/logging"
)

// SDKLogger is the AWS SDK's logger for a run, writing to w as the SDK's
// default does, less the warnings a run causes on purpose: when a run
// ends, the calls of children it abandons (EXPRESS children of a failed
// Map Run, as on AWS) are cancelled, and the SDK warns for each that it
// could not read the rest of the response.
func SDKLogger(w io.Writer) logging.Logger {
	return quietLogger{logging.NewStandardLogger(w)}
}

type quietLogger struct{ next logging.Logger }

func (q quietLogger) Logf(c logging.Classification, format string, v ...any) {
	if c == logging.Warn && strings.HasPrefix(format, "failed to discard remaining HTTP response body") {
		return
	}
	q.next.Logf(c, format, v...)
}
