package tern

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})

func BenchmarkStatic(b *testing.B) {
	r := New()
	r.Get("/users/list", ok)
	req := httptest.NewRequest(http.MethodGet, "/users/list", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r.ServeHTTP(w, req)
	}
}

func BenchmarkParam(b *testing.B) {
	r := New()
	r.Get("/users/{id}/orders/{order}", ok)
	req := httptest.NewRequest(http.MethodGet, "/users/42/orders/7", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r.ServeHTTP(w, req)
	}
}

func BenchmarkCatchAll(b *testing.B) {
	r := New()
	r.Get("/static/{path...}", ok)
	req := httptest.NewRequest(http.MethodGet, "/static/css/site/main.css", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r.ServeHTTP(w, req)
	}
}
