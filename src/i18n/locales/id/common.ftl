pagination-pages = Halaman
chart-usual-range = rentang biasa
chart-signal-concern = sinyal: kekhawatiran
chart-signal-improvement = sinyal: perbaikan
chart-legend-range = rentang biasa (batas proses alami)
chart-legend-centre = garis tengah (rata-rata)
chart-legend-rebase = (prosesnya berubah: batas dimulai ulang)
analysis-compared = Perbandingan { $month }
analysis-compared-with = Dibandingkan dengan
column-change = Perubahan
event-process-changed = proses berubah
card-change-good = (perubahan baik dibanding bulan lalu)
card-change-bad = perubahan buruk dibanding bulan lalu
card-change-none = tidak ada perubahan dibanding bulan lalu
card-target = target { $target }
card-chart-label = 12 bulan terakhir { $name }
card-no-values-html = Belum ada nilai. <a href="/metrics/{ $id }#enter-value">Isi satu</a>.
card-owned-by = · dimiliki oleh { $owner }
