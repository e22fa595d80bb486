package tern

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMountSegmentBoundaries(t *testing.T) {
	for _, tc := range []struct {
		path    string
		mounted bool
		seen    string
	}{
		{"/admin", true, "/"},
		{"/admin/users/7", true, "/users/7"},
		{"/administrator/login", false, ""},
		{"/admin-public/logo.png", false, ""},
	} {
		r := New()
		var seen string
		r.Mount("/admin", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { seen = req.URL.Path }))
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tc.path, nil))
		if (seen != "") != tc.mounted || seen != tc.seen {
			t.Errorf("%s: mounted handler saw %q, want %q", tc.path, seen, tc.seen)
		}
	}
}

func TestMountLeavesTheCallersRequestAlone(t *testing.T) {
	r := New()
	r.Mount("/admin", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {}))
	req := httptest.NewRequest(http.MethodGet, "/admin/users/7", nil)
	r.ServeHTTP(httptest.NewRecorder(), req)
	if req.URL.Path != "/admin/users/7" {
		t.Fatalf("the caller's request path became %q", req.URL.Path)
	}
}
