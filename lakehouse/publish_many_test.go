package lakehouse

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestPublishConcurrentlyRunsEveryTask(t *testing.T) {
	var ran atomic.Int32
	boom := errors.New("boom")
	later := errors.New("later")
	task := func(name string, err error) PublishTask {
		return func() ([]*PublishResult, error) {
			ran.Add(1)
			if err != nil {
				return nil, err
			}
			return []*PublishResult{{Table: name}}, nil
		}
	}
	res, err := PublishConcurrently(task("a", nil), task("b", boom), task("c", nil), task("d", later), task("e", nil))
	if ran.Load() != 5 {
		t.Fatalf("%d of 5 tasks ran", ran.Load())
	}
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want the first failing task's (boom)", err)
	}
	var names []string
	for _, r := range res {
		names = append(names, r.Table)
	}
	if got := len(names); got != 3 || names[0] != "a" || names[1] != "c" || names[2] != "e" {
		t.Fatalf("results %v, want [a c e] in task order", names)
	}
}
