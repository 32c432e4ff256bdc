package sdk

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// messageAttribute is the shape SQS and SNS share for MessageAttributes.
type messageAttribute struct {
	dataType, stringValue *string
	binaryValue           []byte
}

func (p *params) messageAttributes(name string) map[string]messageAttribute {
	m, ok := p.object(name)
	if !ok {
		return nil
	}
	out := make(map[string]messageAttribute, len(m))
	for _, k := range sortedKeys(m) {
		a, ok := m[k].(map[string]any)
		if !ok {
			p.fail("the field '%s.%s' must be an object with DataType and StringValue or BinaryValue", name, k)
			return nil
		}
		var ma messageAttribute
		for f, v := range a {
			switch f {
			case "DataType", "StringValue":
				s, ok := v.(string)
				if !ok {
					p.fail("the field '%s.%s.%s' must be a string, not %s", name, k, f, task.Kind(v))
					return nil
				}
				if f == "DataType" {
					ma.dataType = &s
				} else {
					ma.stringValue = &s
				}
			case "BinaryValue":
				b, err := base64Field(fmt.Sprintf("%s.%s.BinaryValue", name, k), v)
				if err != nil {
					p.fail("the field %v", err)
					return nil
				}
				ma.binaryValue = b
			default:
				p.fail("the field '%s.%s.%s' is not a message attribute field; use DataType, StringValue or BinaryValue", name, k, f)
				return nil
			}
		}
		out[k] = ma
	}
	return out
}

func (h *Handler) sqsSendMessage(ctx context.Context, c *task.Call, optimized bool) (any, *asl.StatesError) {
	p, serr := newParams(c.State, "sqs:sendMessage", c.Input)
	if serr != nil {
		return nil, serr
	}
	in := &sqs.SendMessageInput{
		QueueUrl:               p.str("QueueUrl"),
		MessageBody:            p.body("MessageBody", optimized),
		DelaySeconds:           deref32(p.int32("DelaySeconds")),
		MessageDeduplicationId: p.str("MessageDeduplicationId"),
		MessageGroupId:         p.str("MessageGroupId"),
	}
	if attrs := p.messageAttributes("MessageAttributes"); attrs != nil {
		in.MessageAttributes = map[string]sqstypes.MessageAttributeValue{}
		for k, a := range attrs {
			in.MessageAttributes[k] = sqstypes.MessageAttributeValue{DataType: a.dataType, StringValue: a.stringValue, BinaryValue: a.binaryValue}
		}
	}
	if serr := p.done(); serr != nil {
		return nil, serr
	}
	out, err := h.c.SQS.SendMessage(ctx, in, sqs.WithAPIOptions(skipValidation))
	if err != nil {
		return nil, svcSQS.failure(ctx, err, optimized)
	}
	m := map[string]any{}
	putStr(m, "MessageId", out.MessageId)
	putStr(m, "MD5OfMessageBody", out.MD5OfMessageBody)
	putStr(m, "MD5OfMessageAttributes", out.MD5OfMessageAttributes)
	putStr(m, "MD5OfMessageSystemAttributes", out.MD5OfMessageSystemAttributes)
	putStr(m, "SequenceNumber", out.SequenceNumber)
	if optimized {
		return withMetadata(m, out.ResultMetadata), nil
	}
	return m, nil
}

func (h *Handler) snsPublish(ctx context.Context, c *task.Call, optimized bool) (any, *asl.StatesError) {
	p, serr := newParams(c.State, "sns:publish", c.Input)
	if serr != nil {
		return nil, serr
	}
	in := &sns.PublishInput{
		TopicArn:    p.str("TopicArn"),
		TargetArn:   p.str("TargetArn"),
		PhoneNumber: p.str("PhoneNumber"),
		// Recorded: the optimized integration publishes {"Message":
		// "HelloWorld!"} as its JSON text.
		Message:                p.body("Message", optimized),
		Subject:                p.str("Subject"),
		MessageStructure:       p.str("MessageStructure"),
		MessageDeduplicationId: p.str("MessageDeduplicationId"),
		MessageGroupId:         p.str("MessageGroupId"),
	}
	if attrs := p.messageAttributes("MessageAttributes"); attrs != nil {
		in.MessageAttributes = map[string]snstypes.MessageAttributeValue{}
		for k, a := range attrs {
			in.MessageAttributes[k] = snstypes.MessageAttributeValue{DataType: a.dataType, StringValue: a.stringValue, BinaryValue: a.binaryValue}
		}
	}
	if serr := p.done(); serr != nil {
		return nil, serr
	}
	out, err := h.c.SNS.Publish(ctx, in, sns.WithAPIOptions(skipValidation))
	if err != nil {
		return nil, svcSNS.failure(ctx, err, optimized)
	}
	m := map[string]any{}
	putStr(m, "MessageId", out.MessageId)
	putStr(m, "SequenceNumber", out.SequenceNumber)
	if optimized {
		return withMetadata(m, out.ResultMetadata), nil
	}
	return m, nil
}

// body reads a message: the optimized integrations send a JSON value as
// its text, the AWS SDK ones take the string the API takes.
func (p *params) body(name string, optimized bool) *string {
	if optimized {
		return p.text(name)
	}
	return p.str(name)
}

func deref32(v *int32) int32 {
	if v == nil {
		return 0
	}
	return *v
}
