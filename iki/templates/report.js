(function(){var f=document.getElementById('filter');if(!f)return;
function apply(){var on={};f.querySelectorAll('input').forEach(function(c){on[c.value]=c.checked});
document.querySelectorAll('[data-f]').forEach(function(e){e.hidden=on[e.getAttribute('data-f')]===false})}
f.addEventListener('change',apply);
f.querySelectorAll('button').forEach(function(b){b.addEventListener('click',function(){var o=b.value==='open';
document.querySelectorAll('details.pos').forEach(function(d){if(!d.hidden)d.open=o})})});apply()})();
