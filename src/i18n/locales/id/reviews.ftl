reviews-title = Tinjauan bulanan
reviews-history = Siapa mempresentasikan apa
reviews-health = Bagaimana jalannya tinjauan
reviews-plan = Rencana ke depan
reviews-caption = Tinjauan, terbaru dahulu
reviews-numbers-of = Angka bulan
reviews-when = Kapan
reviews-where = Di mana
reviews-none = Belum ada tinjauan.
reviews-none-manager = Jadwalkan yang pertama di bawah: setengah jam setiap bulan, saat semua orang mempresentasikan metrik yang bukan miliknya.
reviews-none-member = Manajer Anda yang menjadwalkannya.
reviews-schedule = Jadwalkan tinjauan
reviews-date = Tanggal
reviews-time = Waktu
reviews-timezone-html = Zona waktu <span class="hint">(nama IANA, mis. Asia/Jakarta, Europe/Copenhagen)</span>
reviews-duration = Durasi dalam menit
reviews-location = Tempat atau tautan video
reviews-data-month-html = Bulan data <span class="hint">(bulan yang angkanya dibahas, TTTT-BB; kosongkan untuk bulan sebelum rapat: tinjauan Januari membahas Desember)</span>
reviews-schedule-submit = Jadwalkan tinjauan
