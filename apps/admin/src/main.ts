import { createApp } from 'vue'
import App from './App.vue'
import { installI18n } from './plugins/i18n.plugin'
import { installPinia } from './plugins/pinia.plugin'
import { installPrimeVue } from './plugins/primevue.plugin'
import { installRouter } from './plugins/router.plugin'
import './styles/app.css'

const app = createApp(App)
installPinia(app)
installI18n(app)
installPrimeVue(app)
installRouter(app)
app.mount('#app')
