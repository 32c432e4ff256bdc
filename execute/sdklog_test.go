package execute

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aws/smithy-go/logging"
)

func TestSDKLoggerDropsOnlyAbandonedBodies(t *testing.T) {
	tests := []struct {
		class  logging.Classification
		format string
		shown  bool
	}{
		{logging.Warn, "failed to discard remaining HTTP response body, this may affect connection reuse: %v", false},
		{logging.Warn, "Response has no supported checksum. Not validating response payload.%v", true},
		{logging.Debug, "failed to discard remaining HTTP response body%v", true},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		SDKLogger(&b).Logf(tt.class, tt.format, "!")
		if got := strings.Contains(b.String(), "!"); got != tt.shown {
			t.Errorf("%s %q: shown %v, want %v (%q)", tt.class, tt.format, got, tt.shown, b.String())
		}
	}
}
