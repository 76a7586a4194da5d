dashboard-overloaded = Dasbor menampilkan { $count } metrik. Dasbor paling berguna dengan 5 sampai { $max }: pertimbangkan untuk mengurangi (ubah metriknya, hapus centang "tampilkan di dasbor").
dashboard-north-star = Bintang Utara
dashboard-empty = Belum ada apa-apa di dasbor
dashboard-team-size-html = Tim Anda beranggotakan { $count } orang. <a href="/members">Lihat tim</a>.
dashboard-add-team-html = <a href="/members/new">Tambahkan tim Anda</a>: orang-orang yang akan presentasi.
dashboard-add-metrics-html = <a href="/metrics/starter">Tambahkan metrik dari pustaka awal</a> (CAC, MER, tingkat konversi…) atau <a href="/metrics/new">buat sendiri</a>. Pilih 5 sampai 10 untuk dasbor dan satu Bintang Utara.
dashboard-enter-values-html = Isi nilai bulanan di halaman setiap metrik, atau <a href="/metrics/import">impor CSV</a>.
dashboard-member-empty-html = Manajer Anda belum menaruh metrik apa pun di dasbor. <a href="/metrics">Lihat semua metrik</a>.
