login-title = Masuk
login-or-password = Atau dengan email dan kata sandi Anda:
field-email = Email
field-password = Kata sandi
login-no-password = Belum punya kata sandi, atau lupa? Minta tautan "atur kata sandi" kepada manajer Anda.
login-sso-only = Tim ini hanya masuk dengan SSO, memakai akun perusahaan Anda. Jika tidak bisa masuk, minta manajer menambahkan Anda ke tim.
setup-title = Penyiapan
setup-welcome = Selamat datang di kpi-rotation
setup-intro = Buat akun manajer pertama. Manajer menambahkan tim dan metrik, menjadwalkan tinjauan bulanan, dan mengundi siapa mempresentasikan apa.
field-your-name = Nama Anda
field-password-min-html = Kata sandi <span class="hint">(minimal { $min } karakter)</span>
field-repeat-password = Ulangi kata sandi
setup-submit = Buat akun manajer
set-password-title = Atur kata sandi Anda
set-password-hello-html = Halo { $name }! Pilih kata sandi untuk masuk sebagai <strong>{ $email }</strong>.
field-new-password-min-html = Kata sandi baru <span class="hint">(minimal { $min } karakter)</span>
field-repeat-it = Ulangi
set-password-submit = Simpan kata sandi dan masuk
logout-title = Keluar
logout-question = Keluar dari kpi-rotation di peramban ini?
logout-stay = Tetap masuk
sso-sign-in-with-password = Masuk dengan kata sandi
