// Starts every Jitsi embed of the page (video/jitsi_embed.html): the element names its domain and the id of
// its options (a json_script block). A static file: the CSP runs no inline script.
(function () {
  document.querySelectorAll(".tiepdan-video[data-video-domain]").forEach(function (element) {
    if (element.dataset.started || typeof JitsiMeetExternalAPI === "undefined") { return; }
    element.dataset.started = "1";
    var opts = JSON.parse(document.getElementById(element.dataset.videoOptions).textContent);
    var moderator = !!opts.moderator;
    var lobby = !!opts.lobby;
    delete opts.moderator;
    delete opts.lobby;
    if (!opts.jwt) { delete opts.jwt; }
    opts.parentNode = element;
    opts.width = "100%";
    opts.height = "100%";
    var api = new JitsiMeetExternalAPI(element.dataset.videoDomain, opts);
    api.addListener("videoConferenceJoined", function () {
      if (moderator && lobby) { api.executeCommand("toggleLobby", true); }
    });
    window.tiepdanVideo = api;
  });
})();
